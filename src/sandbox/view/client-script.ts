// The page's one script, served as /__sandbox/view/app.js. The page works without it; with it the page
// listens to Server-Sent Events, fetches fresh fragments and swaps only the items whose fingerprint
// changed (so a playing video keeps playing), and sends the controls to the admin routes as JSON.

export const CLIENT_SCRIPT = `'use strict';
(() => {
  const prefix = document.body.dataset.prefix;
  const live = document.getElementById('live');
  let refreshing = false;
  let again = false;

  function morph(container, markup) {
    const template = document.createElement('template');
    template.innerHTML = markup;
    const existing = new Map();
    for (const child of container.children) if (child.id) existing.set(child.id, child);
    const wanted = [];
    for (const fresh of [...template.content.children]) {
      const old = fresh.id ? existing.get(fresh.id) : undefined;
      if (old && old.dataset.v === fresh.dataset.v) { wanted.push(old); continue; }
      if (old) {
        const openDetails = old.querySelector('details[open]');
        const freshDetails = fresh.querySelector('details');
        if (openDetails && freshDetails) { freshDetails.open = true; loadDetail(freshDetails); }
      }
      wanted.push(fresh);
    }
    wanted.forEach((node, index) => {
      if (container.children[index] !== node) container.insertBefore(node, container.children[index] || null);
    });
    while (container.children.length > wanted.length) container.lastElementChild.remove();
  }

  async function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      const response = await fetch(prefix + 'fragments' + location.search, { headers: { accept: 'application/json' } });
      if (response.ok) {
        const data = await response.json();
        for (const [name, markup] of Object.entries(data.sections)) {
          const container = document.getElementById(name);
          if (container) morph(container, markup);
        }
        for (const [name, text] of Object.entries(data.counts)) {
          const target = document.getElementById(name + '-count');
          if (target) target.textContent = text;
        }
        document.body.dataset.updated = String(data.version);
      }
    } finally {
      refreshing = false;
      if (again) { again = false; refresh(); }
    }
  }

  async function loadDetail(details) {
    const url = details.dataset.detail;
    const target = details.querySelector('.detail');
    if (!url || !target) return;
    const response = await fetch(url);
    if (response.ok) target.innerHTML = await response.text();
  }
  document.addEventListener('toggle', (event) => {
    const details = event.target;
    if (details instanceof HTMLDetailsElement && details.open && details.dataset.detail) loadDetail(details);
  }, true);

  function connect() {
    const source = new EventSource(prefix + 'events');
    source.addEventListener('open', () => { live.textContent = 'live'; live.classList.add('on'); refresh(); });
    source.addEventListener('change', () => refresh());
    source.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.classList.remove('on'); });
  }
  connect();

  const filters = document.getElementById('filters');
  let filterTimer;
  function applyFilters() {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(filters)) if (String(value).trim() !== '') query.set(name, String(value));
    const search = query.toString();
    history.replaceState(null, '', prefix + (search ? '?' + search : ''));
    refresh();
  }
  filters.addEventListener('input', () => { clearTimeout(filterTimer); filterTimer = setTimeout(applyFilters, 150); });
  filters.addEventListener('submit', (event) => { event.preventDefault(); applyFilters(); });

  const flash = document.getElementById('flash');
  for (const form of document.querySelectorAll('form[data-admin]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
      const body = {};
      for (const element of form.elements) {
        if (!element.name || element.value === '') continue;
        body[element.name] = element.type === 'number' ? Number(element.value) : element.value;
      }
      // Through the view's own action (the admin routes may need a token header the page never holds).
      const response = await fetch(form.action, {
        method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body),
      });
      const text = await response.text();
      flash.textContent = (response.ok ? 'Done: ' : 'Refused: ') + text;
      if (response.ok) form.reset();
      refresh();
    });
  }
})();
`;
