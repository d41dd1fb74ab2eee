// The students' page: a client id kept in localStorage, so that a student who reconnects keeps role and vote.
"use strict";
let socket = null;
const storage = window.localStorage;
function clientId() {
  let id = storage.getItem("treaty-sim-client");
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    storage.setItem("treaty-sim-client", id);
  }
  return id;
}
const params = new URLSearchParams(location.search);
document.getElementById("code").value = params.get("code") || storage.getItem("treaty-sim-code") || "";
document.getElementById("name").value = storage.getItem("treaty-sim-name") || "";
function join() {
  const code = document.getElementById("code").value.trim(), name = document.getElementById("name").value;
  if (!code || !name || !socket || socket.readyState !== 1) return;
  socket.send(JSON.stringify({type: "join", code, name, client: clientId()}));
}
function render(s) {
  storage.setItem("treaty-sim-code", document.getElementById("code").value.trim());
  storage.setItem("treaty-sim-name", document.getElementById("name").value);
  document.getElementById("join-form").hidden = true;
  document.getElementById("room").hidden = false;
  setText("role", s.role);
  setText("me", "(" + s.name + ")");
  setText("title", s.title);
  setText("note", s.busy ? "The engine is " + s.busy + "…" : s.no_points);
  const c = s.current;
  if (c) fill("current", el("h2", c.step), el("p", c.when + (c.local ? " (local " + c.local + ")" : "") + " — " + c.actor + ": " + c.action));
  else fill("current", el("p", "Watch the projector: the case starts soon."));
  const d = s.decision;
  if (!d) fill("decision");
  else {
    const box = fill("decision", el("h2", "Decision " + d.id + ": you are " + d.role), el("p", d.question));
    if (!d.can_vote) box.append(el("p", d.why_not, "muted"));
    else if (!d.open) box.append(el("p", "The vote opens when the teacher says so.", "muted"));
    else {
      for (const [answer, meaning] of Object.entries(d.options)) {
        const button = el("button", answer + " — " + meaning, answer === d.voted ? "chosen" : "");
        button.type = "button";
        button.dataset.answer = answer;
        button.onclick = () => socket.send(JSON.stringify({type: "vote", answer}));
        box.append(button);
      }
      box.append(el("p", d.voted ? "Your vote: " + d.voted + " (you may change it until the vote closes)" : "Vote for your role.", "muted"));
    }
  }
  const r = s.result;
  if (r && r.answer) fill("result", el("p", "Decision " + r.id + ": your seat answered " + r.answer + " (history: " + r.history + "). Outcome on the class's path: " + r.outcome));
  else fill("result");
  if (s.end) fill("end", el("h2", "Debrief"), el("p", s.end)); else fill("end");
}
function onMessage(m) {
  if (m.type === "state") { render(m); setText("status", ""); }
  else if (m.type === "error") setText("status", m.error);
}
connect((s) => { socket = s; setText("status", ""); if (storage.getItem("treaty-sim-name")) join(); }, onMessage);
document.getElementById("join-form").onsubmit = (e) => { e.preventDefault(); join(); };
