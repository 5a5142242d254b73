// The live monitor: one static page, no framework. It asks /api/monitor/negotiate for a read-only Web
// PubSub URL, listens to the `monitor` group (call state, transcript, turn latency, barge-ins, tools)
// and posts supervisor actions to /api/calls/{id}/actions. Text from calls is only ever set with
// textContent, and the inline script is pinned by its hash in the Content-Security-Policy.
import { createHash } from "node:crypto";

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
header { background: #1d2330; color: #fff; padding: 10px 18px; display: flex; gap: 16px; align-items: baseline; }
header h1 { font-size: 17px; margin: 0; }
#status, #who { font-size: 12px; opacity: .8; }
main { padding: 14px 18px; display: grid; gap: 14px; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); }
.call { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0002; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
.call h2 { font-size: 14px; margin: 0; font-family: ui-monospace, monospace; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 12px; color: #4a5263; }
.state { font-weight: 600; padding: 1px 8px; border-radius: 10px; background: #dfe9ff; color: #1b4fc4; }
.state[data-state="ended"] { background: #eee; color: #666; }
.state[data-state="transferring"] { background: #fff1d6; color: #8a5a00; }
.transcript { list-style: none; margin: 0; padding: 6px; max-height: 260px; overflow-y: auto; background: #f8f9fb; border-radius: 6px; }
.transcript li { margin: 3px 0; }
.transcript li b { display: inline-block; min-width: 52px; }
.transcript li[data-role="bot"] b { color: #1b4fc4; }
.transcript li[data-role="caller"] b { color: #0b7a3b; }
.transcript li[data-role="event"] { color: #7a4a00; font-size: 12px; }
.actions { display: flex; gap: 6px; flex-wrap: wrap; }
.actions input { flex: 1; min-width: 140px; }
button { cursor: pointer; }
.result { font-size: 12px; color: #4a5263; min-height: 1em; }
#empty { color: #666; }
`;

const SCRIPT = `
"use strict";
// A local link carries the dev token as ?token=: keep it in memory only, take it out of the address bar
// (history, bookmarks, screenshots) and send it as a header. In Azure there is no token: the sign-in
// cookie of App Service authentication goes with every same-origin request.
const params = new URLSearchParams(location.search);
const token = params.get("token");
if (params.has("token") || params.has("code")) {
  params.delete("token");
  params.delete("code");
  const rest = params.toString();
  history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
}
const api = (path) => "/api/" + path;
const auth = token ? { authorization: "Bearer " + token } : {};
// A redirect answers only when the sign-in has expired (App Service sends it to the login page).
const apiFetch = (path, init) => fetch(api(path), Object.assign({ redirect: "manual" }, init));
const signedOut = (response) => response.type === "opaqueredirect";
let canAct = true;
const calls = new Map();
const main = document.querySelector("main");
const status = document.getElementById("status");
const who = document.getElementById("who");
const MAX_LINES = 200;
const MAX_CALLS = 50;

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function callView(id) {
  let view = calls.get(id);
  if (view) return view;
  document.getElementById("empty")?.remove();
  const card = el("section", { class: "call", "data-call-id": id });
  const title = el("h2", {}, id);
  const meta = el("div", { class: "meta" });
  const state = el("span", { class: "state", "data-testid": "state" }, "connecting");
  const worker = el("span", {}, "");
  const latency = el("span", { "data-testid": "latency" }, "turn latency: -");
  const bargeIns = el("span", { "data-testid": "barge-ins" }, "barge-ins: 0");
  meta.append(state, worker, latency, bargeIns);
  const transcript = el("ul", { class: "transcript", "data-testid": "transcript" });
  const actions = el("div", { class: "actions" });
  const hangUp = el("button", { "data-action": "hangUp" }, "Hang up");
  const transfer = el("button", { "data-action": "transfer" }, "Transfer");
  const whisperText = el("input", { placeholder: "Whisper an instruction to the bot", maxlength: "2000" });
  const whisper = el("button", { "data-action": "whisper" }, "Whisper");
  actions.append(hangUp, transfer, whisperText, whisper);
  const result = el("div", { class: "result", "data-testid": "result" });
  card.append(title, meta, transcript, actions, result);
  if (!canAct) for (const control of actions.querySelectorAll("button, input")) control.disabled = true;
  main.prepend(card);
  view = { card, state, worker, latency, bargeIns, transcript, result, turns: [], bargeInCount: 0, synced: false };
  calls.set(id, view);
  // A long-open page keeps the newest calls; ended ones go first.
  if (calls.size > MAX_CALLS) {
    const entries = [...calls.entries()];
    const [oldId, old] = entries.find(([, v]) => v.card.dataset.state === "ended") || entries[0];
    old.card.remove();
    calls.delete(oldId);
  }
  hangUp.onclick = () => act(id, { type: "hangUp" });
  transfer.onclick = () => {
    const target = prompt("Transfer to (E.164, empty for the configured number)", "");
    if (target === null) return;
    act(id, target.trim() ? { type: "transfer", target: target.trim() } : { type: "transfer" });
  };
  whisper.onclick = () => {
    const text = whisperText.value.trim();
    if (text) act(id, { type: "whisper", text }).then((ok) => { if (ok) whisperText.value = ""; });
  };
  return view;
}

function addLine(view, role, label, text) {
  const atBottom = view.transcript.scrollTop + view.transcript.clientHeight >= view.transcript.scrollHeight - 4;
  const li = el("li", { "data-role": role });
  li.append(el("b", {}, label), document.createTextNode(" " + text));
  view.transcript.append(li);
  while (view.transcript.childElementCount > MAX_LINES) view.transcript.firstElementChild.remove();
  if (atBottom) view.transcript.scrollTop = view.transcript.scrollHeight;
}

function setState(view, state) {
  view.state.textContent = state;
  view.state.setAttribute("data-state", state);
  view.card.setAttribute("data-state", state);
  if (state === "ended") for (const control of view.card.querySelectorAll("button, input")) control.disabled = true;
}

function showTurns(view) {
  const t = view.turns;
  if (t.length === 0) return;
  const avg = Math.round(t.reduce((a, b) => a + b, 0) / t.length);
  view.latency.textContent = "turn latency: " + t[t.length - 1] + " ms (avg " + avg + " ms, " + t.length + " turns)";
}

function onEvent(e) {
  if (!e || typeof e.callConnectionId !== "string") return;
  const view = callView(e.callConnectionId);
  if (typeof e.worker === "string") view.worker.textContent = "worker: " + e.worker;
  switch (e.kind) {
    case "call.snapshot":
      setState(view, e.state);
      // The first snapshot is the whole story so far (a page opened mid-call); later ones only repeat it.
      if (!view.synced && Array.isArray(e.transcript)) {
        view.synced = true;
        view.transcript.replaceChildren();
        for (const line of e.transcript) addLine(view, line.role, line.role === "bot" ? "bot" : "caller", line.text);
      }
      if (Array.isArray(e.turnLatenciesMs)) { view.turns = e.turnLatenciesMs.slice(); showTurns(view); }
      if (typeof e.bargeIns === "number") { view.bargeInCount = e.bargeIns; view.bargeIns.textContent = "barge-ins: " + e.bargeIns; }
      break;
    case "call.state":
      setState(view, e.state);
      if (e.state === "ended") addLine(view, "event", "--", "call ended" + (e.reason ? " (" + e.reason + ")" : ""));
      break;
    case "call.transcript":
      addLine(view, e.role, e.role === "bot" ? "bot" : "caller", e.text);
      break;
    case "call.turn":
      view.turns.push(e.latencyMs);
      if (view.turns.length > 500) view.turns.shift();
      showTurns(view);
      break;
    case "call.bargeIn":
      view.bargeInCount++;
      view.bargeIns.textContent = "barge-ins: " + view.bargeInCount;
      addLine(view, "event", "--", "caller barged in");
      break;
    case "call.tool":
      addLine(view, "event", "--", "tool: " + e.name);
      break;
    case "call.action":
      addLine(view, "event", "--", "supervisor " + e.action + (e.ok ? "" : " failed"));
      break;
  }
}

async function act(id, action) {
  const view = calls.get(id);
  view.result.textContent = action.type + "…";
  try {
    const response = await apiFetch("calls/" + encodeURIComponent(id) + "/actions", {
      method: "POST",
      headers: Object.assign({ "content-type": "application/json" }, auth),
      body: JSON.stringify(action),
    });
    if (signedOut(response)) {
      view.result.textContent = action.type + ": signed out, reload the page to sign in again";
      return false;
    }
    const body = await response.json().catch(() => ({}));
    view.result.textContent = response.ok
      ? action.type + ": done"
      : action.type + ": " + response.status + " " + ((body.error && body.error.message) || "");
    return response.ok;
  } catch (err) {
    view.result.textContent = action.type + ": network error";
    return false;
  }
}

async function connect() {
  status.textContent = "connecting…";
  try {
    const response = await apiFetch("monitor/negotiate", { headers: auth });
    if (signedOut(response)) { location.reload(); return; }
    if (!response.ok) throw new Error("negotiate " + response.status);
    const { url, supervisor, canAct: mayAct } = await response.json();
    canAct = mayAct !== false;
    if (typeof supervisor === "string") who.textContent = "signed in as " + supervisor + (canAct ? "" : " (watch only)");
    const socket = new WebSocket(url, "json.webpubsub.azure.v1");
    socket.onopen = () => { status.textContent = "live"; };
    socket.onmessage = (m) => {
      let frame;
      try { frame = JSON.parse(m.data); } catch { return; }
      if (frame.type === "message" && frame.from === "group" && frame.dataType === "json") onEvent(frame.data);
    };
    socket.onclose = () => { status.textContent = "disconnected, retrying…"; setTimeout(connect, 2000); };
  } catch (err) {
    status.textContent = "cannot connect (" + err.message + "), retrying…";
    setTimeout(connect, 5000);
  }
}
connect();
`;

const SCRIPT_HASH = createHash("sha256").update(SCRIPT).digest("base64");

export const MONITOR_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Voice bot monitor</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Voice bot: live calls</h1><span id="status"></span><span id="who"></span></header>
<main><p id="empty">No calls yet. Calls appear here as soon as a worker picks one up.</p></main>
<script>${SCRIPT}</script>
</body>
</html>
`;

/** Only this page's own script runs; it may talk to this app and to Web PubSub (another origin). */
export const MONITOR_PAGE_CSP = [
  "default-src 'none'",
  `script-src 'sha256-${SCRIPT_HASH}'`,
  "style-src 'unsafe-inline'",
  "connect-src 'self' wss: ws:",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
