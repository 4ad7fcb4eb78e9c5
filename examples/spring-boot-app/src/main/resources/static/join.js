// The client side of MeetKit: log in to the example app, list meetings from MeetKit's REST API, get a participant
// token ({url, token}) and join the LiveKit room with livekit-client.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let accessToken = null;
  let room = null;

  function log(line) {
    $('log').textContent += line + '\n';
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign(
        { 'Accept': 'application/json' },
        body === undefined ? {} : { 'Content-Type': 'application/json' },
        accessToken ? { 'Authorization': 'Bearer ' + accessToken } : {}),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      // MeetKit answers RFC 9457 problems with a stable code
      throw new Error(method + ' ' + path + ': ' + response.status + ' ' + (json.code || '') + ' ' + (json.detail || ''));
    }
    return json;
  }

  async function logIn() {
    const login = await api('POST', '/auth/login', { username: $('username').value, password: $('password').value });
    accessToken = login.accessToken;
    log('logged in as ' + login.user.username);
    $('pick').disabled = false;
    await listMeetings();
  }

  async function listMeetings() {
    const page = await api('GET', '/api/meetings?limit=50');
    const list = $('meetings');
    list.replaceChildren();
    for (const meeting of page.items) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.textContent = 'Join';
      button.dataset.meetingId = meeting.id;
      button.addEventListener('click', () => join(meeting).catch((e) => log('error: ' + e.message)));
      item.append(button, ' ' + meeting.title + ' (' + meeting.status + ')');
      list.append(item);
    }
    log(page.items.length + ' meeting(s)');
  }

  async function join(meeting) {
    const name = $('display-name').value.trim();
    const grant = await api('POST', '/api/meetings/' + meeting.id + '/token', name ? { displayName: name } : {});
    log('token for ' + grant.displayName + ' as ' + grant.role.name + ', connecting to ' + grant.url);
    room = new LivekitClient.Room({ adaptiveStream: true, dynacast: true });
    room.on(LivekitClient.RoomEvent.TrackSubscribed, (track) => $('media').append(track.attach()));
    room.on(LivekitClient.RoomEvent.Disconnected, () => log('disconnected'));
    $('room').disabled = false;
    try {
      await room.connect(grant.url, grant.token);
      log('joined ' + meeting.title);
      await room.localParticipant.enableCameraAndMicrophone();
    } catch (e) {
      log('could not connect: ' + e.message);
    }
  }

  $('login-button').addEventListener('click', () => logIn().catch((e) => log('error: ' + e.message)));
  $('leave-button').addEventListener('click', async () => {
    if (room) {
      await room.disconnect();
      room = null;
    }
  });
})();
