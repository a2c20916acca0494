/**
 * The console's one script, a progressive enhancement: every `<time data-countdown datetime="…">` on the page is
 * rewritten as time passes — each second within the last hour, else every ten seconds — in the words the server
 * wrote it with (domain/dashboard.ts `countdownText`; a unit test runs this script against that function). When a
 * deadline passes, the tag named by `data-countdown-tag` flips to a red "Overdue".
 *
 * Served by the assets function from this origin, so the pages' Content-Security-Policy allows it with
 * `script-src 'self'` and nothing inline. Without it the page is complete: the server wrote the deadline, its
 * absolute time and the time left when the page was served. ES5 and no dependencies: it runs as written.
 */

/** Its name under /assets/: the pages name it too (pages/layout.ts `COUNTDOWN_SCRIPT`; a test holds them equal). */
export const COUNTDOWN_SCRIPT_FILE = 'countdown.js';

export const COUNTDOWN_SCRIPT_SOURCE = `(function () {
  'use strict';
  function unit(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
  function countdownText(ms) {
    var total = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(total / 86400);
    var hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var pair = days > 0 ? [[days, 'day'], [hours, 'hour']]
      : hours > 0 ? [[hours, 'hour'], [minutes, 'minute']]
      : [[minutes, 'minute'], [seconds, 'second']];
    var parts = [];
    for (var i = 0; i < pair.length; i++) if (pair[i][0] > 0) parts.push(unit(pair[i][0], pair[i][1]));
    var span = parts.join(' ') || '0 seconds';
    return ms >= 0 ? span + ' left' : 'overdue by ' + span;
  }
  if (typeof document === 'undefined') { this.countdownText = countdownText; return; }
  var nodes = document.querySelectorAll('[data-countdown]');
  if (nodes.length === 0) return;
  function tick() {
    var now = Date.now();
    var soon = false;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var due = Date.parse(node.getAttribute('datetime'));
      if (isNaN(due)) continue;
      var ms = due - now;
      if (Math.abs(ms) < 3600000) soon = true;
      node.textContent = countdownText(ms);
      var tagId = node.getAttribute('data-countdown-tag');
      var tag = tagId ? document.getElementById(tagId) : null;
      if (ms < 0 && tag && tag.getAttribute('data-overdue') === null) {
        tag.setAttribute('data-overdue', '');
        tag.textContent = 'Overdue';
        tag.className = 'govuk-tag govuk-tag--red';
      }
    }
    setTimeout(tick, soon ? 1000 : 10000);
  }
  tick();
}).call(typeof window === 'undefined' ? globalThis : window);
`;
