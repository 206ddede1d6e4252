// The whole page, server-rendered: it reads well with JavaScript off, and the script makes it live.

import type { FaultRuleState } from '../faults.js';
import { fingerprint, html, type SafeHtml } from './html.js';
import { VIEW_PREFIX } from './paths.js';

export interface Sections {
  timeline: SafeHtml;
  requests: SafeHtml;
  media: SafeHtml;
  streams: SafeHtml;
  users: SafeHtml;
  dms: SafeHtml;
  chats: SafeHtml;
  faults: SafeHtml;
  'user-filter': SafeHtml;
}

export interface Counts {
  posts: string;
  requests: string;
  media: string;
}

export interface PageInput {
  readonly sections: Sections;
  readonly counts: Counts;
  readonly filter: { user?: string; q?: string };
  readonly sandboxUrl: string;
}

const FAULT_KINDS = ['error', 'rate-limit', 'delay', 'reset-request', 'reset-response', 'truncate'];

/** The user filter's options, keyed so a user created later appears without a reload. */
export function renderUserOptions(
  users: ReadonlyArray<{ username: string }>,
  selected: string | undefined,
): SafeHtml {
  const wanted = selected?.toLowerCase();
  const option = (value: string, label: string) => {
    const isSelected = wanted === undefined ? value === '' : wanted === value.toLowerCase();
    const version = fingerprint(`${value}|${label}|${isSelected}`);
    return html`<option id="uo-${value}" data-v="${version}" value="${value}"${isSelected ? ' selected' : ''}>${label}</option>`;
  };
  return html`${option('', 'All users')}${users.map((user) => option(user.username, `@${user.username}`))}`;
}

export function renderFaultRules(rules: readonly FaultRuleState[]): SafeHtml {
  return html`${rules.map((rule) => {
    const body = html`<code>${rule.id}</code> <strong>${rule.kind}</strong>${rule.status ? ` ${rule.status}` : ''} on <code>${String(rule.route)}</code>
      <span class="muted">fired ${rule.fired}${rule.times !== undefined ? ` of ${rule.times}` : ''}</span>`;
    return html`<li id="f-${rule.id}" data-v="${fingerprint(body.value)}">${body}</li>`;
  })}`;
}

function controls(faults: SafeHtml): SafeHtml {
  return html`<section class="panel controls"><h2>Controls</h2>
    <form method="post" action="${VIEW_PREFIX}actions/faults" data-admin="/__sandbox/faults">
      <div class="row"><label for="fault-kind">Inject</label>
        <select id="fault-kind" name="kind">${FAULT_KINDS.map((kind) => html`<option>${kind}</option>`)}</select>
        <label for="fault-status">status</label>
        <input id="fault-status" type="number" name="status" value="503" min="100" max="599" title="HTTP status (error kind)"></div>
      <div class="row"><label for="fault-route">on</label>
        <input id="fault-route" name="route" value="POST /2/tweets" title="Route: '*', 'METHOD /path', or a prefix ending in *"></div>
      <div class="row"><label for="fault-times">times</label>
        <input id="fault-times" type="number" name="times" value="1" min="1" title="How many requests get it">
        <span class="grow"></span><button type="submit">Add fault</button></div>
    </form>
    <ul class="list" id="faults">${faults}</ul>
    <form method="post" action="${VIEW_PREFIX}actions/users" data-admin="/__sandbox/users">
      <div class="row"><input name="screen_name" placeholder="screen_name" aria-label="Screen name" required pattern="[A-Za-z0-9_]{1,15}">
        <input name="name" placeholder="Display name" aria-label="Display name">
        <button type="submit">Create user</button></div>
    </form>
    <form method="post" action="${VIEW_PREFIX}actions/reset" data-admin="/__sandbox/reset"
      data-confirm="Reset the sandbox? Posts, faults, rate-limit windows, streams and the request log go.">
      <button type="submit" class="danger">Reset sandbox</button>
      <span class="muted">users, apps and tokens stay</span>
    </form>
    <p id="flash" role="status"></p>
  </section>`;
}

export function renderPage(input: PageInput): SafeHtml {
  const { sections, counts, filter } = input;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>peony sandbox</title>
<link rel="stylesheet" href="${VIEW_PREFIX}style.css">
<link rel="icon" href="${VIEW_PREFIX}icon.svg" type="image/svg+xml">
<script src="${VIEW_PREFIX}app.js" defer></script>
</head>
<body data-prefix="${VIEW_PREFIX}">
<header class="top"><h1><span>peony</span> sandbox</h1><span id="live">static</span>
  <span class="muted">${input.sandboxUrl}</span>
  <noscript><a href="">Refresh</a> (JavaScript is off: the page updates on reload)</noscript></header>
<main>
  <div class="col">
    <section class="panel"><h2>Timeline <small id="posts-count">${counts.posts}</small></h2>
      <form class="filters" id="filters" method="get" action="${VIEW_PREFIX}">
        <select name="user" id="user-filter" aria-label="User">${sections['user-filter']}</select>
        <input type="search" name="q" value="${filter.q ?? ''}" placeholder="Search posts" aria-label="Search posts">
        <noscript><button type="submit">Filter</button></noscript>
      </form>
      <ul class="list" id="timeline">${sections.timeline}</ul>
    </section>
  </div>
  <div class="col">
    <section class="panel"><h2>Requests <small id="requests-count">${counts.requests}</small></h2>
      <ul class="list" id="requests">${sections.requests}</ul></section>
  </div>
  <div class="col side">
    <section class="panel"><h2>Media <small id="media-count">${counts.media}</small></h2><ul class="list" id="media">${sections.media}</ul></section>
    <section class="panel"><h2>Direct messages</h2><ul class="list" id="dms">${sections.dms}</ul></section>
    <section class="panel"><h2>Chats</h2><ul class="list" id="chats">${sections.chats}</ul></section>
    <section class="panel"><h2>Streams</h2><ul class="list" id="streams">${sections.streams}</ul></section>
    ${controls(sections.faults)}
    <section class="panel"><h2>Users</h2><ul class="list" id="users">${sections.users}</ul></section>
  </div>
</main>
</body></html>`;
}

/** A request's own page (the no-script target of a request row). */
export function renderDetailPage(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="${VIEW_PREFIX}style.css">
<link rel="icon" href="${VIEW_PREFIX}icon.svg" type="image/svg+xml"></head>
<body><div class="detail-page"><p><a href="${VIEW_PREFIX}">← Back to the sandbox view</a></p>${body}</div></body></html>`;
}
