// The moodmusic page: sends a photo (or webcam frames) to the HTTP bridge and shows the faces,
// their emotions and the songs. Plain browser JavaScript, no build step.
"use strict";

const EMOTIONS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];
const LIVE_INTERVAL_MS = 400; // webcam frames sent at most ~2.5 per second, one at a time
const $ = (id) => document.getElementById(id);

function showError(text) {
  const box = $("error");
  box.textContent = text;
  box.hidden = !text;
}

function setStatus(text) { $("status").textContent = text; }

function emotionName(value) {
  return (value || "EMOTION_UNSPECIFIED").replace("EMOTION_", "").toLowerCase();
}

function moodName(value) {
  return (value || "MUSIC_MOOD_UNSPECIFIED").replace("MUSIC_MOOD_", "").toLowerCase();
}

// Playlist lines: open.spotify.com/track/ID links or bare 22-character ids.
function playlistEntries() {
  const entries = [];
  for (const line of $("playlist").value.split(/\s+/)) {
    if (!line) continue;
    if (/open\.spotify\.com\/playlist\//.test(line)) {
      throw new Error("Playlist links need the Spotify import, which this server does not have yet: paste track links instead.");
    }
    const match = line.match(/open\.spotify\.com\/track\/([A-Za-z0-9]{22})/) || line.match(/^([A-Za-z0-9]{22})$/);
    if (!match) throw new Error(`Not a Spotify track link or id: ${line}`);
    entries.push({ trackId: match[1] });
  }
  return entries;
}

function recommendOptions() {
  const k = Number($("k").value);
  if (!Number.isInteger(k) || k < 1 || k > 500) throw new Error("Songs must be a whole number from 1 to 500.");
  return {
    recommend: {
      policy: $("policy").value,
      k,
      excludeExplicit: $("explicit").checked,
      playlist: playlistEntries(),
    },
  };
}

// Calls the bridge; a failure becomes an Error whose message is "CODE: message".
async function callBridge(path, form) {
  let response;
  try {
    response = await fetch(path, { method: "POST", body: form });
  } catch (err) {
    throw new Error(`Cannot reach the server: ${err.message}`);
  }
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch { body = null; }
  if (!response.ok) {
    const code = body && body.code ? body.code : `HTTP ${response.status}`;
    const message = body && body.message ? body.message : text.slice(0, 300);
    throw new Error(`${code}: ${message}`);
  }
  if (!body) throw new Error("The server answered something that is not JSON.");
  return body;
}

// Draws a bitmap (image or video frame) on the canvas, scaled to at most 640 px wide.
function drawSource(source, width, height) {
  const canvas = $("canvas");
  const scale = Math.min(1, 640 / width);
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
}

// Face boxes over the canvas (in the image's pixel grid) and one row of bars per face.
function showFaces(emotions) {
  const canvas = $("canvas");
  const boxes = $("boxes");
  const list = $("faces");
  boxes.textContent = "";
  list.textContent = "";
  const faces = emotions.faces || [];
  const imageWidth = emotions.imageWidth || canvas.width;
  const imageHeight = emotions.imageHeight || canvas.height;
  faces.forEach((face, index) => {
    const b = face.box || {};
    const box = document.createElement("div");
    box.className = "face-box";
    box.style.left = `${(100 * (b.x || 0)) / imageWidth}%`;
    box.style.top = `${(100 * (b.y || 0)) / imageHeight}%`;
    box.style.width = `${(100 * (b.width || 0)) / imageWidth}%`;
    box.style.height = `${(100 * (b.height || 0)) / imageHeight}%`;
    const label = document.createElement("span");
    label.textContent = `${index + 1}: ${emotionName(face.emotion)} ${Math.round(100 * (face.confidence || 0))}%`;
    box.appendChild(label);
    boxes.appendChild(box);

    const entry = document.createElement("div");
    entry.className = "face";
    entry.innerHTML = `<strong>Face ${index + 1}</strong>`;
    EMOTIONS.forEach((name, i) => {
      const p = (face.probabilities || [])[i] || 0;
      const row = document.createElement("div");
      row.className = "bar";
      row.innerHTML = `<span>${name}</span><div><i style="width:${(100 * p).toFixed(1)}%"></i></div><span>${(100 * p).toFixed(1)}%</span>`;
      entry.appendChild(row);
    });
    list.appendChild(entry);
  });
  if (faces.length === 0) list.textContent = "No face found: songs are chosen for a neutral mood.";
}

function showSongs(recommendations) {
  const songs = $("songs");
  songs.textContent = "";
  for (const track of recommendations.tracks || []) {
    const item = document.createElement("li");
    item.className = "song";
    const link = document.createElement("a");
    link.href = track.url || `https://open.spotify.com/track/${track.id}`;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = track.name || track.id;
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = `${(track.artists || []).join(", ")} · ${track.year || "year unknown"} · ${moodName(track.mood)}`;
    const reason = document.createElement("div");
    reason.className = "reason";
    reason.textContent = track.reason || "";
    item.append(link, meta, reason);
    songs.appendChild(item);
  }
  $("songs-title").hidden = false;
  $("songs-title").textContent = `${songs.children.length} songs`;
}

async function recommendFor(blob, filename) {
  const form = new FormData();
  form.append("image", blob, filename);
  form.append("options", new Blob([JSON.stringify(recommendOptions())], { type: "application/json" }));
  setStatus("Finding faces and songs…");
  const answer = await callBridge("/v1/recommendations:forImage", form);
  showFaces(answer.emotions || {});
  showSongs(answer.recommendations || {});
  setStatus(answer.usedNeutralFallback ? "No face found; songs for a neutral mood." : "");
}

async function onPhotoChosen() {
  const file = $("photo").files[0];
  if (!file) return;
  showError("");
  stopWebcam();
  try {
    const bitmap = await createImageBitmap(file).catch(() => null);
    if (bitmap) drawSource(bitmap, bitmap.width, bitmap.height);
    await recommendFor(file, file.name);
  } catch (err) {
    $("boxes").textContent = "";
    $("songs").textContent = "";
    showError(err.message);
    setStatus("");
  } finally {
    $("photo").value = "";
  }
}

// Webcam: live emotions at a few frames per second; songs on request.
let stream = null;
let liveTimer = null;
let liveBusy = false;

function frameBlob() {
  return new Promise((resolve) => $("canvas").toBlob(resolve, "image/jpeg", 0.85));
}

async function liveTick() {
  const video = $("video");
  if (liveBusy || !stream || video.videoWidth === 0) return;
  liveBusy = true;
  try {
    drawSource(video, video.videoWidth, video.videoHeight);
    const form = new FormData();
    form.append("image", await frameBlob(), "frame.jpg");
    showFaces(await callBridge("/v1/emotions:detect", form));
    showError("");
  } catch (err) {
    showError(err.message);
  } finally {
    liveBusy = false;
  }
}

async function startWebcam() {
  showError("");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    showError("This browser gives no webcam access here (it needs https or localhost).");
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (err) {
    showError(`No webcam: ${err.message}`);
    return;
  }
  const video = $("video");
  video.srcObject = stream;
  await video.play();
  liveTimer = setInterval(liveTick, LIVE_INTERVAL_MS);
  $("webcam-start").hidden = true;
  $("webcam-stop").hidden = false;
  $("webcam-songs").hidden = false;
}

function stopWebcam() {
  if (liveTimer) clearInterval(liveTimer);
  liveTimer = null;
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
  $("webcam-start").hidden = false;
  $("webcam-stop").hidden = true;
  $("webcam-songs").hidden = true;
}

async function songsForFrame() {
  showError("");
  try {
    await recommendFor(await frameBlob(), "frame.jpg");
  } catch (err) {
    showError(err.message);
    setStatus("");
  }
}

$("photo").addEventListener("change", onPhotoChosen);
$("webcam-start").addEventListener("click", startWebcam);
$("webcam-stop").addEventListener("click", stopWebcam);
$("webcam-songs").addEventListener("click", songsForFrame);
$("controls").addEventListener("submit", (event) => event.preventDefault());
