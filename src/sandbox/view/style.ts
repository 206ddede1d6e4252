// The view's stylesheet and icon, served from /__sandbox/view/ (no inline styles, so the CSP can forbid them;
// an icon of its own, so the browser never asks X's paths for /favicon.ico).

/** A five-petal flower. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><g fill="#e98bb5">${[0, 72, 144, 216, 288].map((angle) => `<ellipse cx="16" cy="8" rx="6" ry="8" transform="rotate(${angle} 16 16)"/>`).join('')}</g><circle cx="16" cy="16" r="5" fill="#f7c948"/></svg>`;

export const STYLE = `
:root { --fg:#0f1419; --muted:#536471; --line:#eff3f4; --bg:#f7f9f9; --card:#fff; --accent:#1d9bf0;
  --ok:#00ba7c; --warn:#f59e0b; --bad:#f4212e; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg); font-size:15px; line-height:1.35; }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
code, pre, .path, .id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size:13px; }
.muted { color:var(--muted); }
header.top { position:sticky; top:0; z-index:2; display:flex; gap:16px; align-items:center; padding:10px 20px;
  background:rgba(255,255,255,.92); border-bottom:1px solid var(--line); backdrop-filter: blur(6px); }
header.top h1 { font-size:19px; margin:0; } header.top h1 span { color:var(--accent); }
#live { font-size:13px; padding:2px 10px; border-radius:999px; background:var(--line); color:var(--muted); }
#live.on { background:#e6f7ef; color:#00875a; } #live.on::before { content:"● "; }
main { display:grid; grid-template-columns: minmax(400px, 560px) minmax(460px, 1fr) 360px; gap:16px; padding:16px 20px; align-items:start; }
@media (max-width: 1280px) { main { grid-template-columns: minmax(380px, 600px) 1fr; } .side { grid-column: 1 / -1; } }
@media (max-width: 860px) { main { grid-template-columns: 1fr; } }
section.panel { background:var(--card); border:1px solid var(--line); border-radius:16px; overflow:hidden; margin-bottom:16px; }
section.panel > h2 { font-size:16px; margin:0; padding:12px 16px; border-bottom:1px solid var(--line); display:flex; justify-content:space-between; }
section.panel > h2 small { font-weight:normal; color:var(--muted); }
ul.list { list-style:none; margin:0; padding:0; }
ul.list > li { padding:10px 16px; border-bottom:1px solid var(--line); }
ul.list > li:last-child { border-bottom:0; }
form.filters { display:flex; gap:8px; padding:10px 16px; border-bottom:1px solid var(--line); }
form.filters input[type=search] { flex:1; }
input, select, button { font:inherit; padding:5px 9px; border:1px solid #cfd9de; border-radius:8px; background:#fff; }
button { background:var(--fg); color:#fff; border-color:var(--fg); border-radius:999px; padding:5px 14px; cursor:pointer; }
button.danger { background:var(--bad); border-color:var(--bad); }
#timeline > li.thread { padding:0; }
.post { display:flex; gap:12px; padding:12px 16px; }
.post .body { flex:1; min-width:0; }
.post.repost { flex-wrap:wrap; } .post .reposted { flex-basis:100%; margin:0 0 4px 28px; color:var(--muted); font-size:13px; font-weight:600; }
.post .avatar { flex:none; width:40px; height:40px; border-radius:50%; background:#cfe8fc;
  color:#1a5c8a; display:flex; align-items:center; justify-content:center; font-weight:700; }
.post header { display:flex; flex-wrap:wrap; gap:4px; align-items:baseline; }
.post time { color:var(--muted); font-size:14px; }
.handle { color:var(--muted); }
.post .text { margin:4px 0 6px; white-space:pre-wrap; overflow-wrap:anywhere; }
.replying { margin:2px 0 0; color:var(--muted); font-size:14px; }
.depth-1 { margin-left:28px; border-left:2px solid var(--line); } .depth-2 { margin-left:56px; border-left:2px solid var(--line); }
.depth-3, .depth-4 { margin-left:84px; border-left:2px solid var(--line); }
.post.deleted .text, .post.deleted .media { opacity:.45; } .post.deleted .text { text-decoration: line-through; }
.badge { display:inline-block; font-size:11px; font-weight:700; padding:1px 6px; border-radius:4px; background:rgba(0,0,0,.75); color:#fff; }
.deleted-badge { background:var(--bad); margin-left:6px; align-self:center; }
.dm-events { list-style:none; margin:6px 0 0; padding:0; } .dm-events > li { padding:4px 0; border-top:1px solid var(--line); } .dm-note { color:var(--muted); font-size:13px; }
.media { display:grid; gap:2px; border-radius:14px; overflow:hidden; border:1px solid var(--line); margin:6px 0; max-width:520px; }
.media-2, .media-4 { grid-template-columns:1fr 1fr; } .media-3 { grid-template-columns:1fr 1fr; }
.media figure { margin:0; position:relative; background:#000; }
.media img, .media video { display:block; width:100%; height:auto; max-height:420px; object-fit:cover; background:#eee; }
.media .badge { position:absolute; left:8px; bottom:8px; } .media .badge.alt { left:auto; right:8px; cursor:help; }
.quote { margin:6px 0; padding:8px 12px; border:1px solid #cfd9de; border-radius:12px; font-size:14px; }
.quote .text { margin:4px 0 0; }
.quote-media { display:flex; gap:6px; margin-top:6px; } .quote-media .thumb { width:64px; height:64px; object-fit:cover; border-radius:8px; background:#000; }
.counts { display:flex; gap:22px; color:var(--muted); font-size:13px; margin-top:4px; } .counts .id { margin-left:auto; }
.poll { margin:6px 0; padding-left:18px; }
.empty { color:var(--muted); }
#requests > li { padding:0; } #requests > li.faulted { background:#fff4f4; }
#requests summary { display:grid; grid-template-columns: 52px minmax(0,1fr) 76px 44px 58px 76px; gap:6px; align-items:center;
  padding:7px 14px; cursor:pointer; font-size:13px; list-style:none; }
#requests summary::-webkit-details-marker { display:none; }
#requests .path { min-width:0; } #requests .url { display:block; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.method { font-weight:700; } .auth, .latency, .rate { color:var(--muted); } .auth { font-size:12px; } .latency, .rate { text-align:right; }
.status { font-weight:700; text-align:center; border-radius:6px; padding:1px 4px; }
.s2xx { color:#00875a; background:#e6f7ef; } .s3xx { color:#555; background:#eee; } .s4xx { color:#b45309; background:#fef3c7; }
.s5xx, .s-cut { color:#fff; background:var(--bad); } .pending { color:var(--accent); background:#e8f5fd; }
.fault { color:var(--bad); font-weight:700; }
.path .fault { display:inline-block; margin-top:2px; font-family: system-ui, sans-serif; font-size:11px; background:#fdecea; padding:1px 6px; border-radius:4px; }
.detail { padding:8px 16px 12px; background:#fafbfc; border-top:1px solid var(--line); font-size:13px; }
.detail pre { white-space:pre-wrap; overflow-wrap:anywhere; background:#fff; border:1px solid var(--line); border-radius:8px; padding:8px; max-height:320px; overflow:auto; }
.detail h4 { margin:10px 0 4px; }
table.headers { border-collapse:collapse; width:100%; } table.headers th { text-align:left; font-weight:600; padding:2px 8px 2px 0; white-space:nowrap; vertical-align:top; }
table.headers td { font-family: ui-monospace, Menlo, Consolas, monospace; overflow-wrap:anywhere; }
.state { font-size:12px; font-weight:700; padding:1px 7px; border-radius:999px; background:var(--line); }
.state-succeeded { background:#e6f7ef; color:#00875a; } .state-failed, .state-expired { background:#fdecea; color:var(--bad); }
.state-pending, .state-in, .state-in_progress, .state-uploading, .state-finalizing { background:#fff7e0; color:#b45309; }
.media-row { display:flex; gap:10px; font-size:14px; } .media-row > div { min-width:0; } .thumb { width:48px; height:48px; object-fit:cover; border-radius:8px; }
.segments { display:flex; gap:8px; align-items:center; font-size:13px; color:var(--muted); } progress { width:110px; }
.error { color:var(--bad); font-size:13px; }
.rules { margin:4px 0 0; padding-left:18px; font-size:13px; }
#users li { font-size:14px; } #users .muted { display:block; font-size:13px; }
#users a.selected { font-weight:700; text-decoration:underline; }
.controls form { display:flex; flex-wrap:wrap; gap:6px; padding:10px 16px; border-bottom:1px solid var(--line); align-items:center; }
.controls .row { display:flex; gap:6px; align-items:center; width:100%; } .controls .row > input:not([type=number]) { flex:1; min-width:0; }
.controls form:last-child { border-bottom:0; } .controls label { font-size:13px; color:var(--muted); }
.controls input[type=number] { width:68px; } .controls .row .grow { flex:1; } .controls select { flex:1; min-width:0; } .controls input[type=number] { flex:none; width:64px; }
.controls button { white-space:nowrap; } .controls .row > input[name=screen_name], .controls .row > input[name=name] { flex:1 1 90px; }
#flash { margin:0; padding:0 16px; color:var(--muted); font-size:13px; min-height:0; }
.detail-page { max-width:960px; margin:20px auto; background:#fff; border-radius:16px; padding:16px 24px; }
`;
