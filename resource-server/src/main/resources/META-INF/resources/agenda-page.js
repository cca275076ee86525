// The agenda page's script: forms sent in the background, the list reloaded whenever the server says the user's
// agenda changed (server-sent events, from any door and any API instance), and nothing typed lost when the
// sign-in has expired. Without it the page still works: every form posts and comes back.
"use strict";
(function () {
  const agenda = document.getElementById("agenda");
  const problem = document.getElementById("problem");
  const expired = document.getElementById("expired");
  const DRAFTS = "agenda-page-drafts";
  const SCRIPT = { "X-Requested-With": "JavaScript" }; // quarkus-oidc answers 499 instead of redirecting

  function drafts() {
    try { return JSON.parse(sessionStorage.getItem(DRAFTS) || "{}"); } catch (e) { return {}; }
  }

  // The sign-in expired: keep every field typed into, then sign in again (quarkus-oidc comes back here).
  function signInAgain() {
    const kept = {};
    document.querySelectorAll("form[data-draft]").forEach(form => {
      kept[form.dataset.draft] = Object.fromEntries([...new FormData(form)].filter(([name]) => name === "text" || name === "date"));
    });
    sessionStorage.setItem(DRAFTS, JSON.stringify(kept));
    expired.hidden = false;
    location.reload();
  }

  function restoreDrafts() {
    const kept = drafts();
    sessionStorage.removeItem(DRAFTS);
    Object.entries(kept).forEach(([draft, fields]) => {
      const form = document.querySelector(`form[data-draft="${CSS.escape(draft)}"]`);
      if (!form) { return; }
      Object.entries(fields).forEach(([name, value]) => { if (form.elements[name]) { form.elements[name].value = value; } });
    });
  }

  async function reloadList() {
    const answer = await fetch(agenda.dataset.itemsUrl, { headers: SCRIPT, cache: "no-store" });
    if (answer.status === 499 || answer.redirected) { signInAgain(); return; }
    if (answer.ok) {
      const editing = document.activeElement && agenda.contains(document.activeElement) ? document.activeElement : null;
      if (editing && editing.form && editing.form.classList.contains("edit")) { return; } // do not pull a field from under the user
      agenda.innerHTML = await answer.text();
    }
  }

  async function send(form) {
    problem.hidden = true;
    const answer = await fetch(form.action, { method: "POST", headers: SCRIPT,
      body: new URLSearchParams(new FormData(form)) });
    if (answer.status === 499) { signInAgain(); return; }
    if (!answer.ok) {
      let reason = answer.statusText;
      try { const body = await answer.json(); reason = (body.errors || []).map(e => `${e.field} ${e.message}`).join(", ") || body.detail || reason; } catch (e) { /* not JSON */ }
      problem.textContent = reason;
      problem.hidden = false;
      return;
    }
    if (form.id === "add") { form.elements.text.value = ""; }
    await reloadList();
  }

  document.addEventListener("submit", event => {
    const form = event.target;
    if (form.closest(".sign-out") || form.closest(".apps")) { return; } // full-page posts
    event.preventDefault();
    send(form);
  });

  function listen() {
    const events = new EventSource(agenda.dataset.eventsUrl);
    events.addEventListener("message", event => { if (event.data === "changed") { reloadList(); } });
    // (Re)connected: catch up on whatever happened while the stream was down.
    events.addEventListener("open", () => reloadList());
    events.addEventListener("error", () => {
      if (events.readyState === EventSource.CLOSED) { reloadList().then(() => setTimeout(listen, 2000)); }
    });
  }

  restoreDrafts();
  listen();
})();
