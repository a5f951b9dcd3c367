// isd web app: keyboard shortcuts for review (our own code; no third-party JS).
// a = accept, r = reject, e = edit, j / k = next / previous, Enter = open (queue).
(function () {
  "use strict";
  function typing(ev) {
    var t = ev.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function submit(form) {
    if (!form) return;
    if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.qrow"));
  var sel = rows.length ? 0 : -1;
  function show() {
    rows.forEach(function (r, i) { r.classList.toggle("sel", i === sel); });
    if (sel >= 0) rows[sel].scrollIntoView({ block: "nearest" });
  }
  if (rows.length) show();
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev)) return;
    var k = ev.key;
    if (rows.length) {  // the queue
      var row = rows[sel];
      if (k === "j" && sel < rows.length - 1) { sel++; show(); }
      else if (k === "k" && sel > 0) { sel--; show(); }
      else if (k === "a") submit(row.querySelector("form.q-accept"));
      else if (k === "r") submit(row.querySelector("form.q-reject"));
      else if (k === "e") window.location.assign(row.getAttribute("data-edit"));
      else if (k === "Enter") window.location.assign(row.getAttribute("data-open"));
      else return;
      ev.preventDefault();
      return;
    }
    var target = null;  // a record page
    if (k === "a") target = document.getElementById("act-accept");
    else if (k === "r") target = document.getElementById("act-reject");
    else if (k === "e") target = document.getElementById("act-edit");
    else if (k === "j") target = document.getElementById("nav-next");
    else if (k === "k") target = document.getElementById("nav-prev");
    if (!target) return;
    ev.preventDefault();
    if (target.tagName === "FORM") submit(target); else window.location.assign(target.getAttribute("href"));
  });
})();
