// The side panels: uploads (live progress, processing, X's errors), the request log, open streams with their
// rules, the users, and the controls. Each list item is keyed and fingerprinted like the timeline's.

import type { SandboxUser } from '../context.js';
import type { MediaInspection } from '../media/media-store.js';
import type { ProcessingInfo } from '../media/processing.js';
import { fingerprint, formatBytes, formatTime, html, type SafeHtml } from './html.js';
import { VIEW_PREFIX } from './paths.js';
import { authKindOf, detailsOf, type LoggedRequest } from './request-log.js';

/** Rows drawn in the request panel (the log keeps more; each has its own page). */
export const REQUEST_PANEL_ROWS = 100;

/** A list item the client can keep in place while its fingerprint is unchanged. */
function keyed(id: string, body: SafeHtml, className = ''): SafeHtml {
  return html`<li id="${id}" class="${className}" data-v="${fingerprint(body.value)}">${body}</li>`;
}

export interface MediaRow {
  readonly inspection: MediaInspection;
  readonly processing?: ProcessingInfo;
}

function mediaRow(row: MediaRow): SafeHtml {
  const { inspection: m, processing } = row;
  const state = processing?.state ?? m.state;
  const percent = m.totalBytes > 0 ? Math.round((m.bytesReceived * 100) / m.totalBytes) : 0;
  const preview =
    m.state !== 'uploading' && m.state !== 'finalizing' && m.detectedType?.startsWith('image/')
      ? html`<img class="thumb" src="${VIEW_PREFIX}media/${m.id}" alt="${m.altText ?? ''}" title="${m.altText ?? ''}">`
      : '';
  const body = html`<div class="media-row">${preview}<div>
    <div><code>${m.id}</code> <span class="state state-${state}">${state.replace('_', ' ')}</span>
    ${processing?.progress_percent !== undefined && state === 'in_progress' ? html`<span class="muted">${processing.progress_percent}%</span>` : ''}</div>
    <div class="muted">${m.category} · ${m.detectedType ?? m.mediaType} · ${formatBytes(m.totalBytes)}</div>
    <div class="segments" title="${formatBytes(m.bytesReceived)} of ${formatBytes(m.totalBytes)} arrived"><progress max="${m.totalBytes}" value="${m.bytesReceived}"></progress>
    <span>${m.segments.length} segment${m.segments.length === 1 ? '' : 's'} · ${percent}%</span></div>
    ${processing?.error ? html`<div class="error">${processing.error.name}: ${processing.error.message}</div>` : ''}
    ${m.altText ? html`<div class="muted">alt: ${m.altText}</div>` : ''}
  </div></div>`;
  return keyed(`m-${m.id}`, body);
}

export function renderMedia(rows: readonly MediaRow[], failures: readonly LoggedRequest[]): SafeHtml {
  const items = rows.map(mediaRow);
  for (const failure of failures) {
    const body = html`<div class="error-row"><span class="state state-failed">${failure.status ?? 'cut'}</span>
      <code>${failure.method} ${failure.url}</code> <span class="muted">${formatTime(failure.at)}</span>
      <div class="error">${failure.errorMessage ?? (failure.state === 'aborted' ? 'connection cut' : 'failed')}</div></div>`;
    items.push(keyed(`mf-${failure.id}`, body));
  }
  if (items.length === 0)
    items.push(keyed('m-empty', html`<span class="muted">No uploads yet.</span>`, 'empty'));
  return html`${items}`;
}

function statusClass(entry: LoggedRequest): string {
  if (entry.state === 'pending') return 'pending';
  if (entry.status === undefined) return 's-cut';
  return `s${Math.floor(entry.status / 100)}xx`;
}

export function requestSummary(entry: LoggedRequest): SafeHtml {
  const status = entry.state === 'pending' ? 'open' : (entry.status ?? 'cut');
  return html`<span class="method">${entry.method}</span>
    <span class="path" title="${entry.url}"><span class="url">${entry.url}</span>${entry.fault ? html`<span class="fault">fault: ${entry.fault.kind}${entry.fault.kind === 'error' || entry.fault.kind === 'rate-limit' ? ` ${entry.fault.status}` : ''}</span>` : ''}</span>
    <span class="auth">${authKindOf(entry) ?? '—'}</span>
    <span class="status ${statusClass(entry)}">${status}${entry.state === 'aborted' && entry.status !== undefined ? ' cut' : ''}</span>
    <span class="latency">${entry.latencyMs !== undefined ? `${entry.latencyMs.toFixed(entry.latencyMs < 10 ? 1 : 0)} ms` : '…'}</span>
    <span class="rate" title="Rate-limit calls left in this window">${entry.rateLimit ? `${entry.rateLimit.remaining}/${entry.rateLimit.limit}` : ''}</span>`;
}

export function renderRequests(entries: readonly LoggedRequest[]): SafeHtml {
  const items = entries.slice(0, REQUEST_PANEL_ROWS).map((entry) => {
    const body = html`<details data-detail="${VIEW_PREFIX}requests/${entry.id}?fragment=1"${entry.fault ? html` class="faulted"` : ''}>
      <summary>${requestSummary(entry)}</summary>
      <div class="detail"><a href="${VIEW_PREFIX}requests/${entry.id}">Headers and body</a></div></details>`;
    return keyed(`r-${entry.id}`, body, entry.fault ? 'faulted' : '');
  });
  if (items.length === 0)
    items.push(keyed('r-empty', html`<span class="muted">No requests yet.</span>`, 'empty'));
  return html`${items}`;
}

function headerTable(headers: ReadonlyArray<readonly [string, string]>): SafeHtml {
  if (headers.length === 0) return html`<p class="muted">none</p>`;
  return html`<table class="headers">${headers.map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}</table>`;
}

/** Headers and bodies of one request, secrets already redacted by the log. */
export function renderRequestDetail(entry: LoggedRequest): SafeHtml {
  const details = detailsOf(entry);
  return html`<div class="detail-body">
    <p><strong>${entry.method} ${entry.url}</strong> at ${formatTime(entry.at)}${entry.fault ? html` · <span class="fault">injected ${entry.fault.kind} (${entry.fault.ruleId})</span>` : ''}</p>
    <h4>Request headers</h4>${headerTable(details.requestHeaders)}
    <h4>Request body</h4><pre>${details.requestBody || '(empty)'}</pre>
    <h4>Response headers</h4>${headerTable(details.responseHeaders)}
    <h4>Response body</h4><pre>${details.responseBody || '(empty)'}</pre>
  </div>`;
}

export interface StreamRow {
  readonly key: string;
  readonly kind: string;
  readonly appName: string;
  readonly stalled: boolean;
  readonly rules: ReadonlyArray<{ id: string; value: string; tag?: string }>;
}

export function renderStreams(rows: readonly StreamRow[]): SafeHtml {
  const items = rows.map((row) =>
    keyed(
      `s-${row.key}`,
      html`<div><strong>${row.kind}</strong> stream of <em>${row.appName}</em> ${row.stalled ? html`<span class="state state-failed">stalled</span>` : html`<span class="state state-succeeded">connected</span>`}</div>
      ${
        row.kind === 'filtered'
          ? row.rules.length > 0
            ? html`<ul class="rules">${row.rules.map((rule) => html`<li><code>${rule.value}</code>${rule.tag ? html` <span class="muted">tag: ${rule.tag}</span>` : ''}</li>`)}</ul>`
            : html`<p class="muted">no rules</p>`
          : ''
      }`,
    ),
  );
  if (items.length === 0)
    items.push(keyed('s-empty', html`<span class="muted">No stream connected.</span>`, 'empty'));
  return html`${items}`;
}

/** Users drawn in the panel; the rest are counted. */
export const USER_PANEL_ROWS = 12;

export function renderUsers(users: readonly SandboxUser[], selected: string | undefined): SafeHtml {
  // Busiest first, then newest (a user just created shows at once).
  const ordered = [...users].sort(
    (a, b) =>
      b.statusesCount - a.statusesCount ||
      b.createdAt - a.createdAt ||
      b.id.length - a.id.length ||
      (b.id > a.id ? 1 : -1),
  );
  const items = ordered.slice(0, USER_PANEL_ROWS).map((user) =>
    keyed(
      `u-${user.id}`,
      html`<a href="${VIEW_PREFIX}?user=${encodeURIComponent(user.username)}"${selected?.toLowerCase() === user.username.toLowerCase() ? html` class="selected"` : ''}><strong>${user.name}</strong> <span class="handle">@${user.username}</span></a>
      <span class="muted">${user.statusesCount} post${user.statusesCount === 1 ? '' : 's'} · ${user.followers.size} followers · id ${user.id}</span>`,
    ),
  );
  const hidden = ordered.length - USER_PANEL_ROWS;
  if (hidden > 0) items.push(keyed('u-more', html`<span class="muted">and ${hidden} more</span>`));
  return html`${items}`;
}
