// The teacher's page: the token comes from the URL's fragment (never sent to the server in a URL or a Referer).
"use strict";
const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
let socket = null, state = null, playing = null;
const send = (type) => socket && socket.readyState === 1 && socket.send(JSON.stringify({type}));

function eventLine(e) {
  const li = el("li");
  li.append(el("span", e.when + " ", "muted"), el("b", e.actor + ": "), document.createTextNode(e.action));
  if (e.local) li.append(el("span", " (local " + e.local + ")", "muted"));
  if (e.basis) li.append(el("span", " [" + e.basis + "]", "muted"));
  return li;
}
function tallyTable(decision, tally) {
  const table = el("table");
  const head = el("tr");
  head.append(el("th", "seat"), ...Object.keys(decision.options).map((a) => el("th", a)));
  table.append(head);
  for (const seat of decision.seats) {
    const row = el("tr");
    row.append(el("td", seat));
    for (const answer of Object.keys(decision.options)) {
      const count = (tally[seat] || {})[answer] || 0;
      const cell = el("td");
      const bar = el("span", null, "bar");
      bar.style.width = (count * 12) + "px";
      cell.append(bar, document.createTextNode(String(count)));
      row.append(cell);
    }
    table.append(row);
  }
  return table;
}
function showDecision(d) {
  if (!d) { fill("decision"); return; }
  const box = fill("decision", el("h2", "Decision " + d.id + ": the class is " + d.role));
  if (d.intro) box.append(el("p", d.intro));
  box.append(el("p", d.question));
  const list = el("ul");
  for (const [answer, meaning] of Object.entries(d.options)) list.append(el("li", answer + " — " + meaning));
  box.append(list, el("p", "History: " + d.history, "muted"));
  if (d.state === "due") box.append(el("p", "Open the vote when the class is ready.", "muted"));
  else {
    box.append(el("p", "Vote open: " + d.ballots + " ballot(s)", "open-tally"));
    const tally = el("div"); tally.id = "tally"; tally.append(tallyTable(d, d.tally)); box.append(tally);
  }
}
function showPaths(p, decided) {
  if (!p) { fill("paths"); return; }
  const table = el("table");
  const head = el("tr"); head.append(el("th", ""), el("th", "History"), el("th", "The class")); table.append(head);
  for (const [label, key] of [["outcome", "outcome"], ["personnel deployed", "personnel"], ["milestones on record", "milestones"]]) {
    const row = el("tr"); row.append(el("td", label), el("td", p.history[key]), el("td", p.class[key])); table.append(row);
  }
  for (const d of decided) {
    const row = el("tr"); row.append(el("td", d.role), el("td", d.history), el("td", d.class, d.changed ? "changed" : ""));
    table.append(row);
  }
  fill("paths", el("h2", "The class's path beside history"), table, el("p", p.class.text, "muted"));
}
function showDebrief(d) {
  if (!d) { fill("debrief"); return; }
  const box = fill("debrief", el("h2", "Debrief"), el("p", d.verdict, "verdict"));
  box.append(el("p", "History: " + d.history, "muted"), el("p", "The class: " + d.class, "muted"));
}
function render(s) {
  state = s;
  setText("title", s.case.title);
  setText("request", s.case.request + " · " + s.case.treaty.toUpperCase() + (s.case.record ? " · the record: " + s.case.record : ""));
  setText("code", s.code);
  setText("join-url", location.host + "/join");
  setText("students", s.students.length + " student(s) joined");
  setText("roster", s.students.map((st) => st.name + " (" + st.role + ")").join(", "));
  fill("timeline", ...s.timeline.map(eventLine));
  const items = document.querySelectorAll("#timeline li");
  if (items.length) { items[items.length - 1].className = "last"; items[items.length - 1].scrollIntoView({block: "nearest"}); }
  setText("progress", s.position + " / " + s.total + " events");
  const notes = [];
  if (s.no_points) notes.push(s.no_points);
  for (const id of s.skipped) notes.push("Decision " + id + " is not reached on the class's path.");
  if (s.busy) notes.push("The engine is " + s.busy + "…");
  setText("note", notes.join(" "));
  const c = s.current;
  if (c) {
    const box = fill("current", el("h2", "Now: " + c.step), el("p", c.when + (c.local ? " (local " + c.local + ")" : "") + " — " + c.actor + ": " + c.action));
    box.append(el("p", "Body: " + c.body + (c.rule ? " · rule: " + c.rule : ""), "muted"));
    if (c.basis) box.append(el("p", "Legal basis: " + c.basis, "muted"));
    if (c.sources.length) box.append(el("p", "Sources: " + c.sources.join(", "), "muted"));
  } else fill("current", el("h2", "The case"), el("p", s.case.description));
  showDecision(s.decision);
  showPaths(s.paths, s.decided);
  showDebrief(s.debrief);
  const d = s.decision;
  document.getElementById("open").disabled = !(d && d.state === "due") || !!s.busy;
  document.getElementById("close").disabled = !(d && d.state === "open") || !!s.busy;
  document.getElementById("next").disabled = !!d || s.end || !!s.busy;
  document.getElementById("back").disabled = s.position === 0 || !!s.busy;
  document.getElementById("reopen").disabled = !s.can_reopen;
  if (playing && (d || s.end)) stopPlay();
  document.getElementById("save-json").href = "/session.json?token=" + encodeURIComponent(token);
  document.getElementById("save-report").href = "/report.html?token=" + encodeURIComponent(token);
}
function stopPlay() { clearInterval(playing); playing = null; setText("play", "Play"); }
function onMessage(m) {
  if (m.type === "state") { render(m); setText("status", ""); }
  else if (m.type === "tally" && state && state.decision) {
    state.decision.tally = m.tally; state.decision.ballots = m.ballots; state.decision.state = "open";
    showDecision(state.decision);
  } else if (m.type === "error") setText("status", m.error);
}
connect((s) => { socket = s; s.send(JSON.stringify({type: "teacher", token})); }, onMessage);
for (const action of ["next", "back", "open", "close", "reopen"]) document.getElementById(action).onclick = () => send(action);
document.getElementById("play").onclick = () => {
  if (playing) { stopPlay(); return; }
  setText("play", "Pause");
  playing = setInterval(() => send("next"), 1200);
};
document.addEventListener("keydown", (e) => {
  if (e.key === "ArrowRight") send("next");
  if (e.key === "ArrowLeft") send("back");
});
