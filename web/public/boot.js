// Runs before the app's script has loaded: on a run's page, asks at once for the run and for its last entries
// as stored (a finished agent run's conversation pages; the server answers 204 for any other run and builds
// nothing), so both travel while the app's script is fetched and parsed. The app takes the responses by URL
// (web/src/lib/prefetch.ts) and asks again for what came back empty.
(function () {
  var m = /^#\/executions\/([^/?#]+)(\/conversation)?\/?$/.exec(location.hash);
  if (m === null) return;
  var token = new URLSearchParams(location.search).get('token') || sessionStorage.getItem('tokenfold-token');
  var headers = { accept: 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  var path = '/api/executions/' + encodeURIComponent(decodeURIComponent(m[1]));
  // Keyed by the URLs the app requests (web/src/lib/api.ts builds the same query in this order).
  var tail = path + '/logs?format=conversation&tail=60';
  var got = (window.__tokenfoldPrefetch = {});
  got[path] = fetch(path, { headers: headers });
  got[tail] = fetch(tail + '&stored=1', { headers: headers });
})();
