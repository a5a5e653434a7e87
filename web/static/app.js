// claimdesk workbench: keyboard shortcuts and "add as claim" from a text
// selection. Every action here also works without JavaScript (links with
// rel=next/prev, plain forms); this file only makes the work faster.
(function () {
  "use strict";
  if (window.claimdeskApp) { return; } // loaded once per page
  window.claimdeskApp = true;

  var enc = new TextEncoder();
  // utf8Len is the length of s in UTF-8 bytes: claims are byte spans of the
  // article's text, while JavaScript strings count UTF-16 units.
  function utf8Len(s) { return enc.encode(s).length; }

  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  // unsaved reports whether a field of a form that saves (method post)
  // differs from what the page was loaded with; ticked boxes (picks for a
  // merge or a bulk action) are not edits.
  function unsaved() {
    for (var i = 0; i < document.forms.length; i++) {
      var f = document.forms[i];
      if (f.method !== "post") { continue; }
      for (var j = 0; j < f.elements.length; j++) {
        var el = f.elements[j];
        if (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && /^(text|url|date|search|email|number)$/.test(el.type))) {
          if (el.value !== el.defaultValue) { return true; }
        } else if (el.tagName === "SELECT" && !el.multiple && el.options.length > 0) {
          // A list with no option marked selected starts on its first.
          var def = 0;
          for (var k = 0; k < el.options.length; k++) {
            if (el.options[k].defaultSelected) { def = k; break; }
          }
          if (el.selectedIndex !== def) { return true; }
        }
      }
    }
    return false;
  }

  // follow goes to the page the rel link names; with unsaved edits it asks
  // first, and stays when the answer is no.
  function follow(rel) {
    var a = document.querySelector('a[rel="' + rel + '"]');
    if (!a) { return false; }
    if (unsaved() && !window.confirm("You have unsaved edits on this page. Leave without saving them?")) { return true; }
    window.location.href = a.href;
    return true;
  }

  function focusField(id) {
    var el = document.getElementById(id);
    if (!el || el.disabled) { return false; }
    var det = el.closest("details");
    if (det) { det.open = true; }
    el.focus();
    if (el.scrollIntoView) { el.scrollIntoView({ block: "center" }); }
    return true;
  }

  function showKeys() {
    var d = document.getElementById("keys-dialog");
    if (d && typeof d.showModal === "function" && !d.open) { d.showModal(); return true; }
    return false;
  }

  var keysButton = document.getElementById("keys-button");
  if (keysButton) {
    keysButton.hidden = false;
    keysButton.addEventListener("click", showKeys);
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) { return; }
    if (typing(ev.target)) { return; }
    var done = false;
    switch (ev.key) {
      case "j": done = follow("next"); break;
      case "k": done = follow("prev"); break;
      case "s": done = focusField("status"); break;
      case "v": done = focusField("verdict"); break;
      case "e": done = focusField("ev-url"); break;
      case "/": {
        // A search field on the page takes the focus; otherwise open search.
        var q = document.querySelector('input[type="search"]');
        if (q) { q.focus(); } else { window.location.href = "/search"; }
        done = true;
        break;
      }
      case "?": done = showKeys(); break;
    }
    if (done) { ev.preventDefault(); }
  });

  // --- merge: the button works once exactly two claims are ticked ---------------
  var mergeBtn = document.getElementById("merge-button");
  if (mergeBtn) {
    var picks = document.querySelectorAll('input[name="ids"][form="merge-form"]');
    var update = function () {
      var n = 0;
      picks.forEach(function (p) { if (p.checked) { n++; } });
      mergeBtn.disabled = n !== 2;
      mergeBtn.title = n === 2 ? "" : "Tick two claims to merge them";
    };
    picks.forEach(function (p) { p.addEventListener("change", update); });
    update();
  }

  // --- the claims list: one box ticks every claim on the page ------------------
  var pickAll = document.getElementById("pick-all");
  if (pickAll) {
    var rows = document.querySelectorAll('#claim-list input[name="ids"]');
    var sync = function () {
      var n = 0;
      rows.forEach(function (p) { if (p.checked) { n++; } });
      pickAll.checked = n > 0 && n === rows.length;
      pickAll.indeterminate = n > 0 && n < rows.length;
    };
    pickAll.hidden = false;
    pickAll.addEventListener("change", function () {
      rows.forEach(function (p) { p.checked = pickAll.checked; });
      sync();
    });
    rows.forEach(function (p) { p.addEventListener("change", sync); });
    sync();
  }

  // --- the import form: the title the text suggests ----------------------------
  // Asked of the server, which applies the import's own rule, so the form
  // shows what will be stored when the title is left empty. Without
  // script, the form's "Suggest a title" button does the same in a round trip.
  var articleForm = document.getElementById("article-form");
  var titleInput = document.getElementById("title");
  var titleHint = document.getElementById("title-hint");
  if (articleForm && titleInput && titleHint) {
    var suggestBtn = document.getElementById("title-suggest-button");
    if (suggestBtn) { suggestBtn.hidden = true; }
    var timer = 0, asked = 0;
    var showTitle = function (title) {
      if (title) {
        titleInput.placeholder = title;
        titleHint.textContent = "Left empty, the title will be “" + title + "”.";
      } else {
        titleInput.placeholder = "the headline, found in the text";
        titleHint.textContent = titleHint.getAttribute("data-default");
      }
    };
    var askTitle = function () {
      var n = ++asked;
      var data = new FormData(articleForm);
      data.delete("suggest");
      fetch("/articles/title", { method: "POST", body: data, credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : { title: "" }; })
        .then(function (j) { if (n === asked) { showTitle(j.title || ""); } })
        .catch(function () { /* the import still applies the rule */ });
    };
    var askLater = function () { clearTimeout(timer); timer = setTimeout(askTitle, 300); };
    articleForm.elements.text.addEventListener("input", askLater);
    articleForm.querySelectorAll('input[name="format"], input[type="file"]').forEach(function (el) {
      el.addEventListener("change", askLater);
    });
    if (articleForm.elements.text.value.trim() !== "") { askTitle(); }
  }

  // --- suggestions from the server for a field's datalist ----------------------
  // A datalist with data-suggest holds the first names only (the page does
  // not carry a whole registry); as a name is typed, the names that begin
  // with it are asked for and replace the options.
  var suggestLists = document.querySelectorAll("datalist[data-suggest]");
  Array.prototype.forEach.call(suggestLists, function (list) {
    var input = document.querySelector('input[list="' + list.id + '"]');
    if (!input || !window.fetch) { return; }
    var timer = 0, asked = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var prefix = input.value.trim();
        if (prefix === asked) { return; }
        asked = prefix;
        fetch(list.getAttribute("data-suggest") + "?prefix=" + encodeURIComponent(prefix), {credentials: "same-origin"})
          .then(function (res) { return res.ok ? res.json() : null; })
          .then(function (data) {
            if (!data || !data.names || asked !== prefix) { return; }
            list.replaceChildren.apply(list, data.names.map(function (name) {
              var opt = document.createElement("option");
              opt.value = name;
              return opt;
            }));
          })
          .catch(function () {}); // the field still takes any name
      }, 150);
    });
  });

  // --- "add as claim" from a selection in the article text ---------------------
  var body = document.getElementById("article-body");
  var addBtn = document.getElementById("selection-add");
  var form = document.getElementById("add-claim-form");
  if (!body || !addBtn || !form) { return; }

  // offsetOf maps a DOM point (node, offset) inside the article to a byte
  // offset of the article's text: the nearest segment carries its start
  // (data-start), and the text before the point inside it is counted in
  // UTF-8 bytes.
  function offsetOf(node, offset) {
    var el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    var seg = el && el.closest("[data-start]");
    var base = 0;
    var from = body;
    if (seg && body.contains(seg)) {
      base = parseInt(seg.getAttribute("data-start"), 10) || 0;
      from = seg;
    }
    var r = document.createRange();
    r.setStart(from, 0);
    try {
      r.setEnd(node, offset);
    } catch (e) {
      return -1;
    }
    return base + utf8Len(r.toString());
  }

  function hide() { addBtn.hidden = true; }

  function onSelect() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { hide(); return; }
    var range = sel.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) { hide(); return; }
    var text = range.toString();
    if (text.trim() === "") { hide(); return; }
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start < 0 || end <= start) { hide(); return; }
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
    form.elements.quote.value = text;
    var rect = range.getBoundingClientRect();
    addBtn.hidden = false;
    // Positioned by script (the CSP allows CSSOM, not style attributes).
    addBtn.style.top = (window.scrollY + rect.bottom + 6) + "px";
    addBtn.style.left = (window.scrollX + Math.max(rect.left, 8)) + "px";
  }

  body.addEventListener("mouseup", function () { setTimeout(onSelect, 0); });
  body.addEventListener("keyup", onSelect);
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed) { hide(); }
  });
  addBtn.addEventListener("mousedown", function (ev) { ev.preventDefault(); }); // keep the selection
  addBtn.addEventListener("click", function () {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
})();
