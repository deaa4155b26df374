// Heel-rise test metronome: one full rise every 2 s at 30 a minute, with "up"
// and "down" cues each second and a count. Plain JavaScript, no build step.
// (The symmetry is worked out by the server: see routes/heel_rise.py.)
"use strict";
(function () {
  var section = document.querySelector(".metronome");
  if (!section) { return; }
  var perMinute = Number(section.getAttribute("data-rises-per-minute")) || 30;
  var halfBeatMs = 60000 / perMinute / 2;
  var toggle = document.getElementById("metronome-toggle");
  var beat = document.getElementById("beat");
  var count = document.getElementById("rise-count");
  var sound = document.getElementById("metronome-sound");
  var timer = null;
  var phase = 0;
  var rises = 0;
  var audio = null;

  function click(high) {
    if (!sound.checked) { return; }
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    audio = audio || new Context();
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    osc.frequency.value = high ? 880 : 440;
    gain.gain.setValueAtTime(0.3, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.12);
    osc.connect(gain);
    gain.connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.13);
  }

  function tick() {
    var up = phase % 2 === 0;
    beat.textContent = up ? "Up" : "Down";
    beat.className = "beat " + (up ? "up" : "down");
    if (up) { rises += 1; count.value = String(rises); count.textContent = String(rises); }
    click(up);
    phase += 1;
  }

  function stop() {
    window.clearInterval(timer);
    timer = null;
    toggle.textContent = "Start the metronome";
    toggle.setAttribute("aria-pressed", "false");
    beat.textContent = "Stopped";
    beat.className = "beat";
  }

  toggle.addEventListener("click", function () {
    if (timer !== null) { stop(); return; }
    phase = 0;
    rises = 0;
    count.textContent = "0";
    toggle.textContent = "Stop the metronome";
    toggle.setAttribute("aria-pressed", "true");
    tick();
    timer = window.setInterval(tick, halfBeatMs);
  });

})();
