// "New since your last visit" (issue 15): visit times live in this browser's localStorage only.
// On a pair page (/pair/AAA-BBB) a line says how many of the pair's events were stored since the
// reader last opened that pair; on /sources, per pair since the reader last opened /sources.
(function () {
  "use strict";
  var KEY = "communique.visit.";
  function read(key) { try { return localStorage.getItem(KEY + key); } catch (e) { return null; } }
  function write(key) { try { localStorage.setItem(KEY + key, new Date().toISOString()); } catch (e) { /* private mode */ } }
  function counts(since, done) {
    fetch("/sources/new.json?since=" + encodeURIComponent(since))
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(done)
      .catch(function () { done([]); });
  }
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }
  var pair = /^\/pair\/([A-Za-z]{3})-([A-Za-z]{3})\/?$/.exec(location.pathname);
  if (pair) {
    var a = pair[1].toUpperCase(), b = pair[2].toUpperCase();
    var key = [a, b].sort().join("-");
    var since = read(key);
    write(key);
    if (!since) { return; }
    counts(since, function (rows) {
      var n = 0;
      rows.forEach(function (r) { if (r.a + "-" + r.b === key) { n = r.events; } });
      var main = document.querySelector("main");
      if (!main) { return; }
      var note = text("p", n + " new event" + (n === 1 ? "" : "s") + " since your last visit (" +
                      since.slice(0, 16).replace("T", " ") + " UTC)", "note new-since");
      note.id = "new-since-pair";
      main.insertBefore(note, main.firstChild);
    });
    return;
  }
  var box = document.getElementById("new-since-body");
  if (!box) { return; }
  var last = read("sources");
  write("sources");
  if (!last) { box.textContent = "First visit: from now on this shows what was stored since your last one."; return; }
  counts(last, function (rows) {
    box.textContent = "";
    box.className = "";
    if (!rows.length) { box.appendChild(text("span", "Nothing new since " + last.slice(0, 16).replace("T", " ") + " UTC.", "muted")); return; }
    var list = document.createElement("ul");
    rows.forEach(function (r) {
      var item = document.createElement("li");
      var link = text("a", r.a + " – " + r.b);
      link.href = "/pair/" + r.a + "-" + r.b;
      item.appendChild(link);
      item.appendChild(document.createTextNode(": " + r.events + " new event" + (r.events === 1 ? "" : "s")));
      list.appendChild(item);
    });
    box.appendChild(list);
  });
})();
