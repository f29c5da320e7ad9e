// The participant page: join with a name, then score the pillar on the facilitator's screen.
// The phone keeps its participant key in localStorage, so a phone that drops off the Wi-Fi
// and comes back is the same participant with the same vote. Live updates come as
// server-sent events that only say "something changed"; the page then asks for its state.
(function () {
  'use strict';

  var base = location.pathname.replace(/[^/]*$/, '');
  var storageKey = 'preflight-workshop:' + base;
  var key = null;
  try {
    key = localStorage.getItem(storageKey);
  } catch (e) {
    key = null;
  }
  var state = null;
  var sending = false;
  var noteTimer = null;

  function $(id) {
    return document.getElementById(id);
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  function request(method, path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (key) headers['X-Participant-Key'] = key;
    return fetch(base + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit'
    }).then(function (response) {
      return response.json().then(
        function (json) {
          if (!response.ok) throw new Error(json.message || 'The request was refused.');
          return json;
        },
        function () {
          throw new Error('The facilitator\'s laptop did not answer as expected.');
        }
      );
    });
  }

  function setStatus(text) {
    $('status').textContent = text;
  }

  function render() {
    var s = state;
    if (!s) return;
    var joined = !!s.name;
    show('join', !joined && s.phase !== 'ended');
    if (!joined && s.joiningLocked) {
      $('join-error').textContent = 'The facilitator has locked joining.';
      show('join-error', true);
    }
    var voting = joined && s.phase === 'voting' && !!s.pillar;
    show('vote', voting);
    show('waiting', joined && !voting);
    setStatus(joined ? 'Joined as ' + s.name : 'Not joined yet');
    if (s.phase === 'ended') {
      show('waiting', true);
      $('waiting-title').textContent = 'The workshop has ended';
      $('waiting-text').textContent = 'Thank you. You can close this page.';
      return;
    }
    if (!joined) return;
    if (!voting) {
      $('waiting-title').textContent = 'The votes are on the screen';
      $('waiting-text').textContent =
        'Talk it through with the room. The facilitator may ask for another round.';
      return;
    }
    $('position').textContent = 'Pillar ' + s.pillar.position + ' of ' + s.pillar.count;
    $('round').textContent = 'Round ' + s.round;
    $('pillar').textContent = s.pillar.name;
    $('description').textContent = s.pillar.description;
    show('description', !!s.pillar.description);
    renderLevels();
    show('note-label', s.notesAllowed);
    show('note', s.notesAllowed);
    if (document.activeElement !== $('note')) {
      $('note').value = s.myVote ? s.myVote.note : '';
    }
    var saved = $('saved');
    if (s.myVote) {
      saved.textContent = 'Your vote is in: ' + (s.myVote.score === null ? 'don\'t know' : s.myVote.score) +
        '. You can change it until the reveal.';
      show('saved', true);
    } else {
      show('saved', false);
    }
  }

  function renderLevels() {
    var set = $('levels');
    while (set.children.length > 1) set.removeChild(set.lastChild);
    var mine = state.myVote;
    var choices = state.levels.map(function (l) {
      return { score: l.level, name: l.name, meaning: l.meaning };
    });
    choices.push({ score: null, name: 'Don\'t know', meaning: '' });
    choices.forEach(function (c) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'level' + (c.score === null ? ' dont-know' : '');
      b.setAttribute('data-score', c.score === null ? 'dont-know' : String(c.score));
      b.setAttribute('aria-pressed', mine && mine.score === c.score ? 'true' : 'false');
      if (c.score === null) {
        b.textContent = c.name;
      } else {
        var n = document.createElement('span');
        n.className = 'n';
        n.textContent = String(c.score);
        var what = document.createElement('span');
        what.className = 'what';
        var strong = document.createElement('strong');
        strong.textContent = c.name;
        var meaning = document.createElement('span');
        meaning.textContent = c.meaning;
        what.appendChild(strong);
        what.appendChild(meaning);
        b.appendChild(n);
        b.appendChild(what);
      }
      b.addEventListener('click', function () {
        castVote(c.score);
      });
      set.appendChild(b);
    });
  }

  function castVote(score) {
    if (sending) return;
    sending = true;
    show('vote-error', false);
    var note = state.notesAllowed ? $('note').value : '';
    request('PUT', 'api/vote', { score: score, note: note })
      .then(function (vote) {
        state.myVote = vote;
        render();
      })
      .catch(function (e) {
        $('vote-error').textContent = e.message;
        show('vote-error', true);
      })
      .then(function () {
        sending = false;
      });
  }

  function refresh() {
    // A change event may cross the answer to "join": a state asked for without the key that
    // arrived since is stale, so it is asked for again.
    var sentWith = key;
    return request('GET', 'api/state')
      .then(function (s) {
        // The end is final: a state asked for before it, answered after it, is stale.
        if (state && state.phase === 'ended') return;
        if (sentWith !== key) return refresh();
        if (key && !s.name) {
          // The key is not known here (the workshop was restarted): join again.
          key = null;
        }
        state = s;
        render();
      })
      .catch(function (e) {
        if (state && state.phase === 'ended') return;
        setStatus('Cannot reach the facilitator\'s laptop: ' + e.message + ' Retrying…');
      });
  }

  $('join').addEventListener('submit', function (event) {
    event.preventDefault();
    show('join-error', false);
    request('POST', 'api/join', { name: $('name').value })
      .then(function (joined) {
        key = joined.key;
        try {
          localStorage.setItem(storageKey, key);
        } catch (e) {
          // Private browsing: the page still works, but a reload means joining again.
        }
        return refresh();
      })
      .catch(function (e) {
        $('join-error').textContent = e.message;
        show('join-error', true);
      });
  });

  // A note typed after voting is sent with the same score once typing pauses.
  $('note').addEventListener('input', function () {
    if (!state || !state.myVote) return;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(function () {
      castVote(state.myVote.score);
    }, 800);
  });

  function listen() {
    if (!window.EventSource) {
      setInterval(refresh, 3000);
      return;
    }
    var events = new EventSource(base + 'api/events');
    events.addEventListener('changed', refresh);
    events.addEventListener('ended', function () {
      events.close();
      if (state) {
        state.phase = 'ended';
        render();
      }
      setStatus('');
    });
    events.onerror = function () {
      if (state && state.phase === 'ended') {
        events.close();
        setStatus('');
        return;
      }
      setStatus('Reconnecting…');
      // The end may have been announced while this phone's stream was down; its state says
      // so too, as long as the server lingers.
      refresh().then(function () {
        if (state && state.phase === 'ended') {
          events.close();
          setStatus('');
        }
      });
    };
    events.onopen = function () {
      refresh();
    };
  }

  refresh();
  listen();
})();
