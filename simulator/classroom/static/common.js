// Shared by both pages: a WebSocket that reconnects, and DOM helpers that only ever set text (never HTML).
"use strict";
function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}
function fill(id, ...children) {
  const node = document.getElementById(id);
  node.replaceChildren(...children);
  return node;
}
function setText(id, text) { document.getElementById(id).textContent = text == null ? "" : String(text); }
function connect(onOpen, onMessage) {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const socket = new WebSocket(scheme + location.host + "/ws");
  socket.onopen = () => onOpen(socket);
  socket.onmessage = (event) => onMessage(JSON.parse(event.data));
  socket.onclose = () => {
    setText("status", "connection lost: reconnecting…");
    setTimeout(() => connect(onOpen, onMessage), 1000);
  };
  return socket;
}
