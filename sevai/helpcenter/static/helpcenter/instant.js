// Help center: results as you type. Without this script the search form still submits to
// the results page. The partial comes from our own server, already escaped.
(function () {
  "use strict";
  const form = document.querySelector("form[data-instant-url]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const out = document.getElementById(form.dataset.instantTarget);
  let timer = 0;
  let pending = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const query = input.value.trim();
      if (pending) pending.abort();
      if (!query) { out.innerHTML = ""; return; }
      pending = new AbortController();
      try {
        const url = form.dataset.instantUrl + "?" + new URLSearchParams({ q: query });
        const response = await fetch(url, { signal: pending.signal });
        if (response.ok) out.innerHTML = await response.text();
      } catch (error) {
        if (error.name !== "AbortError") out.innerHTML = "";
      }
    }, 200);
  });
  input.addEventListener("keydown", function (event) {
    const first = out.querySelector("a");
    if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
  });
})();
