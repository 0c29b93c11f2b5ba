// Sevai workspace: keyboard shortcuts, composer modes, bulk selection, live updates.
(function () {
  "use strict";
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  function typing(event) {
    const el = event.target;
    return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
  }

  // --- Inbox rows: j/k moves, Enter opens, x selects.
  function rows() { return $$("tr[data-row]"); }
  function currentRow() { return document.activeElement && document.activeElement.closest("tr[data-row]"); }
  function moveRow(delta) {
    const all = rows();
    if (!all.length) return false;
    const idx = all.indexOf(currentRow());
    const next = all[Math.max(0, Math.min(all.length - 1, idx < 0 ? 0 : idx + delta))];
    next.focus();
    return true;
  }

  // --- Composer: reply vs internal note.
  function setComposerMode(mode) {
    const composer = $(".composer");
    if (!composer) return false;
    composer.classList.toggle("note-mode", mode === "note");
    $$(".composer-tabs button", composer).forEach((b) => b.setAttribute("aria-selected", String(b.dataset.mode === mode)));
    const kind = $("input[name=kind]", composer);
    if (kind) kind.value = mode;
    $$("[data-only]", composer).forEach((el) => { el.hidden = el.dataset.only !== mode; });
    const textarea = $("textarea", composer);
    if (textarea) {
      textarea.placeholder = textarea.dataset[mode === "note" ? "notePlaceholder" : "replyPlaceholder"] || "";
      textarea.focus();
    }
    return true;
  }
  document.addEventListener("click", (event) => {
    const tab = event.target.closest(".composer-tabs button[data-mode]");
    if (tab) { event.preventDefault(); setComposerMode(tab.dataset.mode); }
    if (event.target.closest("[data-show-shortcuts]")) $("#shortcuts").showModal();
  });

  // --- Bulk selection in the inbox.
  document.addEventListener("change", (event) => {
    if (event.target.matches("#select-all")) {
      $$("input[name=ticket]").forEach((box) => { box.checked = event.target.checked; });
    }
    if (event.target.matches("input[name=ticket], #select-all")) {
      const n = $$("input[name=ticket]:checked").length;
      const bar = $("#bulkbar");
      if (bar) { bar.hidden = n === 0; $("#bulk-count").textContent = String(n); }
    }
  });

  // --- Global shortcuts.
  let pendingG = false;
  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (event.key === "Escape" && typing(event)) { event.target.blur(); return; }
    if (typing(event)) return;
    const key = event.key;
    if (pendingG) {
      pendingG = false;
      if (key === "i") { window.location.href = "/inbox/"; event.preventDefault(); }
      return;
    }
    let handled = false;
    switch (key) {
      case "?": $("#shortcuts").showModal(); handled = true; break;
      case "/": { const s = $("#topsearch-q"); if (s) { s.focus(); s.select(); handled = true; } break; }
      case "g": pendingG = true; handled = true; break;
      case "j": handled = rows().length ? moveRow(1) : clickIf("[data-shortcut=next]"); break;
      case "k": handled = rows().length ? moveRow(-1) : clickIf("[data-shortcut=prev]"); break;
      case "Enter": { const row = currentRow(); if (row && event.target === row) { window.location.href = row.dataset.href; handled = true; } break; }
      case "x": { const row = currentRow(); if (row) { const box = $("input[name=ticket]", row); box.checked = !box.checked; box.dispatchEvent(new Event("change", { bubbles: true })); handled = true; } break; }
      case "r": handled = setComposerMode("reply"); break;
      case "n": handled = setComposerMode("note"); break;
      case "a": handled = clickIf("[data-shortcut=assign-me]"); break;
      case "s": handled = clickIf("[data-shortcut=solve]"); break;
    }
    if (handled) event.preventDefault();
  });
  function clickIf(selector) { const el = $(selector); if (el) { el.click(); return true; } return false; }

  // --- Live updates: refresh the inbox list when a ticket changes elsewhere; on a ticket
  // page, hear its chat and see who else is viewing or replying.
  let liveSocket = null;
  let lastTyping = 0;
  function liveTicket() { const t = $("[data-live-ticket]"); return t ? t.dataset.liveTicket : null; }
  function sendLive(data) { if (liveSocket && liveSocket.readyState === 1) liveSocket.send(JSON.stringify(data)); }
  function showPresence(agents) {
    const box = $("#presence");
    if (!box) return;
    box.textContent = agents.map((a) => (a.state === "replying" ? box.dataset.replying : box.dataset.viewing).replace("%(name)s", a.name)).join(" · ");
    box.hidden = !agents.length;
    box.classList.toggle("presence-replying", agents.some((a) => a.state === "replying"));
  }
  function appendChatMessage(m) {
    const list = $(".conversation"), live = $("#chat-live");
    const byVisitor = m.author === "visitor"; // and the assistant's answers; agents' come by htmx
    if (!list || !live || (!byVisitor && m.author !== "assistant") || $(`[data-chat-seq="${m.seq}"]`)) return;
    const li = document.createElement("li");
    li.className = byVisitor ? "msg msg-customer" : "msg msg-reply";
    li.dataset.chatSeq = m.seq;
    const head = document.createElement("div");
    head.className = "msg-head";
    const kind = document.createElement("span"); kind.className = "msg-kind"; kind.textContent = byVisitor ? live.dataset.customer : live.dataset.assistant;
    const via = document.createElement("span"); via.textContent = live.dataset.via;
    const time = document.createElement("time"); time.dateTime = m.at; time.textContent = new Date(m.at).toLocaleTimeString();
    head.append(kind, via, time);
    const body = document.createElement("div"); body.className = "msg-body"; body.textContent = m.body;
    li.append(head, body);
    for (const a of m.attachments || []) { const link = document.createElement("a"); link.href = a.url; link.textContent = a.name; li.append(link); }
    list.append(li);
    if (!byVisitor) return;
    live.textContent = "";
    if (!document.hidden) sendLive({ type: "read", ticket: liveTicket(), seq: m.seq });
  }
  function onChat(payload) {
    const live = $("#chat-live");
    if (!live) return;
    if (payload.type === "message") appendChatMessage(payload);
    else if (payload.type === "typing") live.textContent = payload.state ? live.dataset.typing : "";
    else if (payload.type === "presence") live.textContent = payload.visitor === "online" ? live.dataset.online : live.dataset.offline;
    else if (payload.type === "read" && payload.by === "visitor") live.textContent = live.dataset.seen;
  }
  function connectLive() {
    const list = $("[data-live-inbox]");
    if (!list && !liveTicket() || !window.WebSocket) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/workspace/`);
    liveSocket = socket;
    socket.addEventListener("open", () => {
      if (!liveTicket()) return;
      sendLive({ type: "watch", ticket: liveTicket() });
      // Typing that started before the socket was open is announced now.
      const composer = $("#composer-body");
      if (composer && composer.value.trim()) { lastTyping = Date.now(); sendLive({ type: "typing", ticket: liveTicket(), state: true }); }
    });
    socket.addEventListener("message", (msg) => {
      const data = JSON.parse(msg.data);
      const current = $("[data-live-inbox]");
      if (data.type === "presence" && String(data.ticket) === liveTicket()) return showPresence(data.agents);
      if (data.type === "chat" && String(data.ticket) === liveTicket()) return onChat(data.payload);
      if (data.type !== "ticket.changed") return;
      if (current && !$$("input[name=ticket]:checked").length) htmx.trigger(current, "refresh");
      if (liveTicket() && String(data.ticket.id) === liveTicket() && !$("#chat-live")) {
        const note = $("#live-note");
        if (note) note.hidden = false;
      }
    });
    socket.addEventListener("close", () => setTimeout(connectLive, 5000));
  }
  document.addEventListener("input", (event) => {
    if (!event.target.matches || !event.target.matches("#composer-body") || !liveTicket()) return;
    const now = Date.now();
    if (now - lastTyping > 3000 && liveSocket && liveSocket.readyState === 1) { lastTyping = now; sendLive({ type: "typing", ticket: liveTicket(), state: true }); }
  });
  // After htmx swaps the ticket (a reply was sent), the page still watches the same ticket.
  document.addEventListener("htmx:afterSwap", () => { if (liveTicket()) sendLive({ type: "watch", ticket: liveTicket() }); });
  document.addEventListener("DOMContentLoaded", connectLive);
  setInterval(() => { if (liveTicket()) sendLive({ type: "watch", ticket: liveTicket() }); }, 30000);

  // Filter forms: leave empty fields out of the URL.
  document.addEventListener("htmx:configRequest", (event) => {
    if (event.detail.verb !== "get") return;
    const params = event.detail.parameters;
    for (const key of Array.from(params.keys ? params.keys() : Object.keys(params))) {
      const value = params.get ? params.get(key) : params[key];
      if (value === "" || value === undefined) {
        if (params.delete) params.delete(key); else delete params[key];
      }
    }
  });
})();
