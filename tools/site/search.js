// Search over window.SEARCH_INDEX (search_index.js, written by tools/site_build.py); no network.
// search.html?q=WORDS lists the headings and API symbols whose title or text contains every word.
(function () {
  var index = window.SEARCH_INDEX || [];
  var box = document.querySelector('form.search input');
  var out = document.getElementById('results');
  var ENT = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'};
  function esc(s) { return s.replace(/[&<>"]/g, function (c) { return ENT[c]; }); }
  function search(q) {
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    index.forEach(function (e) {
      var t = e.t.toLowerCase(), d = (e.d || '').toLowerCase(), score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        if (t === w) score += 10; else if (t.indexOf(w) === 0) score += 6; else if (t.indexOf(w) >= 0) score += 4;
        else if (d.indexOf(w) >= 0) score += 1; else return;
      }
      hits.push([score, e]);
    });
    hits.sort(function (a, b) { return b[0] - a[0]; });
    return hits.slice(0, 50).map(function (h) { return h[1]; });
  }
  function show(q) {
    var hits = search(q);
    out.innerHTML = '<p class="count">' + hits.length + (hits.length === 50 ? '+' : '') +
      ' results for <b>' + esc(q) + '</b></p>' +
      '<ul class="hits">' + hits.map(function (e) {
        return '<li><a href="' + esc(e.p) + '">' + esc(e.t) + '</a> <span class="where">' + esc(e.s) + '</span>' +
          (e.d ? '<div class="snip">' + esc(e.d) + '</div>' : '') + '</li>';
      }).join('') + '</ul>';
  }
  if (out) {
    var q = new URLSearchParams(location.search).get('q') || '';
    if (box) { box.value = q; box.addEventListener('input', function () { show(box.value); }); }
    show(q);
  }
})();
