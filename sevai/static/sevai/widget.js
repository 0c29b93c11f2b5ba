/* Sevai chat widget. <script src="https://desk.example.com/chat/widget.js" data-sevai="KEY" async></script>
   No framework, no cookies: a signed visitor token in localStorage keeps the conversation.
   Every message carries a client id; unacknowledged ones are kept and resent after a
   reconnect or a reload, and "hello" with the last sequence number fetches what was missed. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-sevai]");
  if (!script || window.__sevaiChat) return;
  window.__sevaiChat = true;
  var KEY = script.getAttribute("data-sevai");
  var BASE = new URL(script.src, location.href).origin;
  var API = BASE + "/chat/api/" + encodeURIComponent(KEY) + "/";
  var store = window.localStorage;
  var K = "sevai:" + KEY + ":";
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || navigator.language || "en").slice(0, 10);
  var S = {}, cfg = null, socket = null, token = store.getItem(K + "token"), seen = {}, lastSeq = 0;
  var outbox = JSON.parse(store.getItem(K + "outbox") || "[]"), retry = 0, typingTimer = null, typingSent = 0;
  var agentRead = 0, online = true, opened = false, root, $;

  function save() { store.setItem(K + "outbox", JSON.stringify(outbox)); }
  function uid() { return (crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random()).toString(); }
  function post(path, body) {
    return fetch(API + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (d) { if (!r.ok) throw new Error(d.error || r.status); return d; }); });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text) node.textContent = text;
    return node;
  }

  var CSS = ":host{all:initial;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Tamil','Noto Sans Armenian',sans-serif;color:#1d2430}" +
    ".launch{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:28px;padding:14px 20px;background:var(--c);color:#fff;font:inherit;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".panel{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:min(370px,calc(100vw - 24px));height:min(560px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden}" +
    ".panel[hidden],[hidden]{display:none!important}header{background:var(--c);color:#fff;padding:12px 14px;display:flex;align-items:center;gap:8px}header h2{font-size:16px;margin:0;flex:1}" +
    "header button{background:transparent;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}.log{flex:1;overflow:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f7f9}" +
    ".m{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}.m small{display:block;opacity:.75;font-size:12px}.visitor{align-self:flex-end;background:var(--c);color:#fff}" +
    ".agent,.assistant{align-self:flex-start;background:#fff;border:1px solid #dde1e7}.ask{white-space:normal;margin-top:6px;font-size:14px}.ask p{margin:0}.ask button{font:inherit;background:#fff;border:1px solid var(--c);border-radius:8px;padding:4px 10px;margin:6px 6px 0 0;cursor:pointer}.m a{color:inherit}.note{font-size:13px;color:#4a5361;text-align:center;padding:4px 8px}" +
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid #dde1e7;background:#fff}textarea,input{flex:1;font:inherit;border:1px solid #b8c0cc;border-radius:8px;padding:8px;resize:none}" +
    "button.send,.pre button{background:var(--c);color:#fff;border:0;border-radius:8px;padding:8px 12px;font:inherit;font-weight:600;cursor:pointer}.pre{flex-direction:column;padding:14px;border:0}" +
    ".attach{border:1px solid #b8c0cc;background:#fff;border-radius:8px;cursor:pointer;padding:0 10px;display:flex;align-items:center}.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}" +
    ":focus-visible{outline:3px solid #1a5fd0;outline-offset:2px}.typing{font-size:13px;color:#4a5361;padding:0 12px 6px;background:#f6f7f9;min-height:1em}";

  function build() {
    var host = el("div", { id: "sevai-chat" });
    document.body.appendChild(host);
    root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    $ = function (s) { return root.querySelector(s); };
    var style = el("style"); style.textContent = CSS; root.appendChild(style);
    host.style.setProperty("--c", cfg.colour);
    root.appendChild(el("button", { "class": "launch", "aria-expanded": "false", "aria-controls": "sevai-panel", type: "button" }, S.open));
    var panel = el("section", { "class": "panel", id: "sevai-panel", role: "dialog", "aria-label": S.title, hidden: "" });
    panel.innerHTML = '<header><h2></h2><button type="button" class="x"></button></header>' +
      '<div class="log" role="log" aria-live="polite"></div><div class="typing" aria-live="polite"></div>' +
      '<form class="pre" hidden><p></p><label><span class="vh n"></span><input name="name" autocomplete="name"></label>' +
      '<label><span class="vh e"></span><input name="email" type="email" autocomplete="email"></label><button type="submit" class="go"></button><button type="button" class="skip"></button></form>' +
      '<form class="off" hidden><label><span class="vh e"></span><input name="email" type="email" autocomplete="email" required></label><button type="submit" class="send"></button></form>' +
      '<form class="say"><label class="attach"><span class="vh a"></span><span aria-hidden="true">📎</span><input type="file" class="vh file"></label>' +
      '<label class="vh" for="sevai-text"></label><textarea id="sevai-text" rows="2"></textarea><button type="submit" class="send"></button></form>';
    root.appendChild(panel);
    $("h2").textContent = S.title;
    $(".x").setAttribute("aria-label", S.close); $(".x").textContent = "×";
    $(".log").setAttribute("aria-label", S.messages);
    $(".pre p").textContent = S.prechat;
    root.querySelectorAll(".n").forEach(function (n) { n.textContent = S.name; });
    root.querySelectorAll(".e").forEach(function (n) { n.textContent = S.email; });
    root.querySelectorAll("input[name=name]").forEach(function (n) { n.placeholder = S.name; });
    root.querySelectorAll("input[type=email]").forEach(function (n) { n.placeholder = S.email; });
    $(".go").textContent = S.start; $(".skip").textContent = S.skip;
    $(".off .send").textContent = S.save_email;
    $(".say .send").textContent = S.send; $("label[for=sevai-text]").textContent = S.placeholder;
    $("textarea").placeholder = S.placeholder; $(".a").textContent = S.attach;
    if (cfg.pre_chat !== "optional") $(".skip").hidden = true;
    $(".launch").addEventListener("click", toggle);
    $(".x").addEventListener("click", toggle);
    $(".pre").addEventListener("submit", function (e) { e.preventDefault(); begin({ name: $(".pre [name=name]").value, email: $(".pre [name=email]").value }); });
    $(".skip").addEventListener("click", function () { begin({}); });
    $(".off").addEventListener("submit", leaveEmail);
    $(".say").addEventListener("submit", function (e) { e.preventDefault(); send(); });
    $("textarea").addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); send(); } });
    $("textarea").addEventListener("input", typing);
    $(".file").addEventListener("change", upload);
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") toggle(); });
  }

  function toggle() {
    var panel = $(".panel");
    opened = panel.hidden;
    panel.hidden = !opened;
    store.setItem(K + "open", opened ? "1" : "");
    $(".launch").setAttribute("aria-expanded", String(opened));
    if (!opened) { $(".launch").focus(); return; }
    if (token) { connect(); $("textarea").focus(); }
    else if (cfg.pre_chat === "off" || script.getAttribute("data-user-id")) begin({});
    else { $(".pre").hidden = true; $(".say").hidden = true; $(".pre").hidden = false; $(".pre input").focus(); }
    greet();
  }

  function greet() {
    if ($(".log .greet")) return;
    var g = el("div", { "class": "m agent greet" }, S.greeting);
    $(".log").insertBefore(g, $(".log").firstChild);
    showOffline();
  }

  function showOffline() {
    var note = $(".log .offline");
    if (online) { if (note) note.remove(); $(".off").hidden = true; return; }
    if (!note) $(".log").appendChild(el("p", { "class": "note offline", role: "status" }, S.offline + " " + S.offline_email));
    $(".off").hidden = store.getItem(K + "email") === "1";
  }

  function begin(details) {
    details.page_url = location.href;
    ["user-id", "user-hash", "user-email", "user-name"].forEach(function (a) {
      var v = script.getAttribute("data-" + a);
      if (v) details[a.replace("user-", "user_").replace("user_email", "email").replace("user_name", "name")] = v;
    });
    if (token) details.token = token;
    post("session?lang=" + encodeURIComponent(lang), details).then(function (d) {
      token = d.token; store.setItem(K + "token", token);
      if (d.email_follow_up) store.setItem(K + "email", "1");
      $(".pre").hidden = true; $(".say").hidden = false; connect(); $("textarea").focus();
    }).catch(function (err) { note(err.message); });
  }

  function connect() {
    if (socket && socket.readyState <= 1) return;
    var url = BASE.replace(/^http/, "ws") + "/ws/chat/" + encodeURIComponent(KEY) + "/?token=" + encodeURIComponent(token);
    socket = new WebSocket(url);
    socket.onopen = function () {
      retry = 0; var n = $(".log .lost"); if (n) n.remove();
      socket.send(JSON.stringify({ type: "hello", last_seq: lastSeq }));
    };
    socket.onmessage = function (e) { receive(JSON.parse(e.data)); };
    socket.onclose = function (e) {
      if (e.code === 4403) { token = null; store.removeItem(K + "token"); return; }
      if (!$(".log .lost")) $(".log").appendChild(el("p", { "class": "note lost", role: "status" }, S.reconnecting));
      setTimeout(connect, Math.min(30000, 500 * Math.pow(2, retry++)));
    };
  }

  function receive(d) {
    if (d.type === "history") {
      d.messages.forEach(show);
      agentRead = d.agent_read_seq; markSeen();
      outbox.forEach(function (m) { pending(m); transmit(m); });
    } else if (d.type === "message") { show(d); }
    else if (d.type === "ack") {
      outbox = outbox.filter(function (m) { return m.client_id !== d.client_id; }); save();
      var p = root.querySelector('[data-client="' + CSS_escape(d.client_id) + '"]');
      if (p) { p.setAttribute("data-seq", d.seq); var s = p.querySelector("small"); if (s) s.textContent = S.you; }
      seen[d.seq] = true; lastSeq = Math.max(lastSeq, d.seq);
    } else if (d.type === "typing") { $(".typing").textContent = d.state ? S.typing : ""; }
    else if (d.type === "read" && d.by === "agent") { agentRead = d.seq; markSeen(); }
    else if (d.type === "feedback") { var q = root.querySelector('.ask[data-turn="' + d.turn + '"]'); if (q) q.replaceWith(rated(d)); }
    else if (d.type === "status") { online = d.agents_online; showOffline(); }
    else if (d.type === "error") { note(d.code === "rate_limited" ? S.rate_limited : (d.message || S.failed)); }
  }

  function CSS_escape(s) { return String(s).replace(/["\\]/g, "\\$&"); }

  function show(m) {
    lastSeq = Math.max(lastSeq, m.seq);
    if (seen[m.seq]) return;
    var existing = m.client_id && root.querySelector('[data-client="' + CSS_escape(m.client_id) + '"]');
    seen[m.seq] = true;
    if (existing) { existing.setAttribute("data-seq", m.seq); return; }
    var b = el("div", { "class": "m " + m.author, "data-seq": m.seq });
    if (m.client_id) b.setAttribute("data-client", m.client_id);
    b.appendChild(el("small", {}, m.author === "agent" ? (m.name || S.agent) : m.author === "assistant" ? S.assistant : S.you));
    b.appendChild(document.createTextNode(m.body));
    (m.attachments || []).forEach(function (a) { b.appendChild(el("br")); var l = el("a", { href: BASE + a.url, target: "_blank", rel: "noopener" }, a.name); b.appendChild(l); });
    if (m.author !== "visitor") root.querySelectorAll(".q:not(.sent)").forEach(function (n) { n.remove(); });
    var a = m.assistant, x = a && a.article;
    if (x) {
      b.appendChild(el("br")); b.appendChild(el("a", { href: x.url, target: "_blank", rel: "noopener" }, x.title));
      if (x.fallback_language) b.appendChild(el("small", {}, S.other_language));
    }
    if (a && (a.feedback || a.ask_feedback)) b.appendChild(rated(a));
    $(".log").appendChild(b);
    $(".log").scrollTop = 1e9;
    if (m.author !== "visitor") { $(".typing").textContent = ""; if (opened && socket && socket.readyState === 1) socket.send(JSON.stringify({ type: "read", seq: m.seq })); }
  }

  // "Did this answer your question?" with Yes / No buttons, or what the visitor answered.
  function rated(a) {
    var box = el("div", { "class": "ask", "data-turn": a.turn });
    if (a.feedback) { box.textContent = a.feedback === "yes" ? S.solved : S.not_solved; return box; }
    box.className = "ask q"; box.appendChild(el("p", {}, S.ask));
    [["yes", true], ["no", false]].forEach(function (o) {
      var btn = el("button", { type: "button" }, S[o[0]]);
      btn.addEventListener("click", function () {
        if (!socket || socket.readyState !== 1) return;
        box.classList.add("sent"); box.querySelectorAll("button").forEach(function (n) { n.disabled = true; });
        socket.send(JSON.stringify({ type: "feedback", turn: a.turn, helpful: o[1] }));
      });
      box.appendChild(btn);
    });
    return box;
  }

  function markSeen() {
    root.querySelectorAll(".visitor .seen").forEach(function (n) { n.remove(); });
    var mine = root.querySelectorAll(".visitor[data-seq]"), last = null;
    mine.forEach(function (n) { if (+n.getAttribute("data-seq") <= agentRead) last = n; });
    if (last) last.appendChild(el("small", { "class": "seen" }, S.seen));
  }

  function pending(m) {
    if (root.querySelector('[data-client="' + CSS_escape(m.client_id) + '"]')) return;
    var b = el("div", { "class": "m visitor", "data-client": m.client_id });
    b.appendChild(el("small", {}, S.sending)); b.appendChild(document.createTextNode(m.body));
    $(".log").appendChild(b); $(".log").scrollTop = 1e9;
  }

  function transmit(m) {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: "message", client_id: m.client_id, body: m.body }));
  }

  function send() {
    var text = $("textarea").value.trim();
    if (!text || !token) return;
    var m = { client_id: uid(), body: text };
    outbox.push(m); save(); pending(m); transmit(m);
    $("textarea").value = ""; typingSent = 0;
    if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: "typing", state: false }));
  }

  function typing() {
    if (!socket || socket.readyState !== 1) return;
    var now = Date.now();
    if (now - typingSent > 2500) { socket.send(JSON.stringify({ type: "typing", state: true })); typingSent = now; }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { if (socket.readyState === 1) socket.send(JSON.stringify({ type: "typing", state: false })); typingSent = 0; }, 4000);
  }

  function upload(e) {
    var file = e.target.files[0]; if (!file || !token) return;
    var data = new FormData(); data.append("file", file); data.append("client_id", uid());
    fetch(API + "upload", { method: "POST", headers: { "X-Sevai-Token": token }, body: data })
      .then(function (r) { return r.json().then(function (d) { if (!r.ok) note(d.error); }); });
    e.target.value = "";
  }

  function leaveEmail(e) {
    e.preventDefault();
    var email = $(".off [name=email]").value;
    post("identify", { token: token, email: email, follow_up: true }).then(function () {
      store.setItem(K + "email", "1"); $(".off").hidden = true;
      note(S.email_saved.replace("%(email)s", email));
    }).catch(function (err) { note(err.message); });
  }

  function note(text) { $(".log").appendChild(el("p", { "class": "note", role: "status" }, text)); $(".log").scrollTop = 1e9; }

  fetch(API + "config?lang=" + encodeURIComponent(lang)).then(function (r) { return r.json(); }).then(function (c) {
    cfg = c; S = c.strings; online = c.agents_online;
    if (document.body) build(); else document.addEventListener("DOMContentLoaded", build);
    if (token && (outbox.length || store.getItem(K + "open"))) { toggle(); }
  });
})();
