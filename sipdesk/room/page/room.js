// The member page. Every text from the room is put on the page with textContent, never as
// HTML. The session lives in an HttpOnly cookie this script cannot read.
"use strict";

const KINDS = [
  ["swot", "SWOT item"],
  ["cause", "Cause on the fishbone"],
  ["why", "Answer to \u201cwhy?\u201d"],
];
const STATUS_WORDS = {
  "waiting": "Waiting on the wall",
  "accepted": "Taken into the plan",
  "set aside": "Set aside",
  "merged": "Merged with a similar idea",
};
let last = null;
let busy = false;

function $(id) { return document.getElementById(id); }

function say(id, text, ok) {
  const el = $(id);
  el.textContent = text || "";
  el.classList.toggle("ok", Boolean(ok));
}

async function call(method, path, body) {
  const options = { method: method, credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    return { error: "The wall cannot be reached. Check you are on the room's network." };
  }
  let data = {};
  try { data = await response.json(); } catch (e) { data = {}; }
  if (!response.ok && !data.error) { data.error = "That did not work. Please try again."; }
  return data;
}

function option(value, label) {
  const el = document.createElement("option");
  el.value = value;
  el.textContent = label;
  return el;
}

function fillSelect(select, pairs) {
  const keep = select.value;
  select.replaceChildren(...pairs.map((p) => option(p[0], p[1])));
  if (pairs.some((p) => p[0] === keep)) { select.value = keep; }
}

function renderKinds(targets) {
  const open = KINDS.filter((k) => (targets[k[0]] || []).length > 0);
  fillSelect($("kind"), open);
  renderTargets(targets);
}

function renderTargets(targets) {
  fillSelect($("target"), targets[$("kind").value] || []);
}

function renderMine(cards) {
  const list = $("mine");
  list.replaceChildren(...cards.slice().reverse().map((card) => {
    const li = document.createElement("li");
    li.textContent = card.text;
    if (card.evidence) {
      const ev = document.createElement("span");
      ev.className = "card-meta";
      ev.textContent = "Evidence: " + card.evidence;
      li.appendChild(ev);
    }
    const meta = document.createElement("span");
    meta.className = "card-meta";
    meta.textContent = (STATUS_WORDS[card.status] || card.status);
    li.appendChild(meta);
    return li;
  }));
  $("mine-empty").hidden = cards.length > 0;
}

function renderRound(round) {
  $("round-part").hidden = !round.open;
  if (!round.open) { return; }
  const mine = round.mine || {};
  const used = Object.values(mine).reduce((a, b) => a + b, 0);
  const left = round.dots - used;
  $("dots-left").textContent = "You have " + left + " of " + round.dots + " dots left.";
  $("options").replaceChildren(...round.options.map((pair) => {
    const id = pair[0];
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = pair[1];
    const count = document.createElement("span");
    count.className = "count";
    count.textContent = String(mine[id] || 0);
    const minus = document.createElement("button");
    minus.type = "button";
    minus.className = "minus";
    minus.dataset.option = id;
    minus.textContent = "\u2212";
    minus.setAttribute("aria-label", "Take a dot back from: " + pair[1]);
    minus.disabled = !(mine[id] > 0);
    minus.addEventListener("click", () => vote(id, -1));
    const plus = document.createElement("button");
    plus.type = "button";
    plus.className = "plus";
    plus.dataset.option = id;
    plus.textContent = "+";
    plus.setAttribute("aria-label", "Place a dot on: " + pair[1]);
    plus.disabled = left <= 0;
    plus.addEventListener("click", () => vote(id, 1));
    li.append(label, minus, count, plus);
    return li;
  }));
}

function renderBoard(board) {
  const shown = Boolean(board && typeof board === "object");
  $("board-part").hidden = !shown;
  if (!shown) { return; }
  $("board-title").textContent = String(board.title || "The board");
  const parts = Array.isArray(board.sections) ? board.sections : [];
  $("board").replaceChildren(...parts.map((part) => {
    const div = document.createElement("div");
    const h = document.createElement("h3");
    h.textContent = String(part.heading || "");
    const ul = document.createElement("ul");
    ul.className = "board-list";
    const items = Array.isArray(part.items) ? part.items : [];
    ul.replaceChildren(...items.map((item) => {
      const li = document.createElement("li");
      li.textContent = String(item);
      return li;
    }));
    div.append(h, ul);
    return div;
  }));
}

function render(state) {
  const text = JSON.stringify(state);
  if (text === last) { return; }
  last = text;
  $("closed-part").hidden = !state.closed;
  $("join-part").hidden = state.closed || state.joined;
  $("room-part").hidden = state.closed || !state.joined;
  if (state.closed || !state.joined) { return; }
  $("me").textContent = state.name;
  $("text").maxLength = state.limits.text;
  $("evidence").maxLength = state.limits.text;
  renderKinds(state.targets);
  renderMine(state.cards);
  renderRound(state.round);
  renderBoard(state.board);
}

async function refresh() {
  if (busy) { return; }
  const state = await call("GET", "/api/state");
  if (state.error) { say("status", state.error); return; }
  say("status", "");
  render(state);
}

async function join(event) {
  event.preventDefault();
  const button = $("join-btn");
  button.disabled = true;
  const result = await call("POST", "/api/join", { code: $("code").value, name: $("name").value });
  button.disabled = false;
  if (result.error) { say("join-msg", result.error); return; }
  say("join-msg", "");
  await refresh();
}

async function add(event) {
  event.preventDefault();
  const button = $("add-btn");
  button.disabled = true;
  const result = await call("POST", "/api/cards", {
    kind: $("kind").value, target: $("target").value,
    text: $("text").value, evidence: $("evidence").value,
  });
  button.disabled = false;
  if (result.error) { say("add-msg", result.error); return; }
  $("text").value = "";
  $("evidence").value = "";
  say("add-msg", "Added. It is waiting on the wall.", true);
  await refresh();
  $("text").focus();
}

async function vote(id, delta) {
  busy = true;
  const result = await call("POST", "/api/vote", { option: id, delta: delta });
  busy = false;
  say("vote-msg", result.error || "");
  await refresh();
}

document.addEventListener("DOMContentLoaded", () => {
  $("join-form").addEventListener("submit", join);
  $("add-form").addEventListener("submit", add);
  $("kind").addEventListener("change", () => { if (last) { renderTargets(JSON.parse(last).targets); } });
  refresh();
  setInterval(refresh, 2000);
});
