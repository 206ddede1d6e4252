// The small HTML pages of the browser steps (authorize, PIN, errors), each with a form a script can post.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>
`;
}

/** An approve/deny form that posts `fields` plus `approve=1` (or `approve=0`) back to `action`. */
export function approveForm(action: string, fields: Record<string, string>, question: string): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return `<p>${escapeHtml(question)}</p>
<form method="post" action="${escapeHtml(action)}">
${hidden}
<label>Sign in as (screen name, optional) <input type="text" name="screen_name"></label>
<button type="submit" name="approve" value="1">Authorize app</button>
<button type="submit" name="approve" value="0">Cancel</button>
</form>`;
}

export function errorPage(message: string): string {
  return page('Something went wrong', `<p id="error">${escapeHtml(message)}</p>`);
}
