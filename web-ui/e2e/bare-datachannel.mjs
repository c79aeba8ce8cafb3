// The baseline for the file-transfer benchmark: a bare RTCDataChannel between the same two browser
// contexts, SDP handed over by the test itself, the same chunk size and backpressure values as the
// app, no hashing, no UI. Returns the receiver's seconds from first to last byte.

import { CHUNK_BYTES as CHUNK, HIGH_WATER_BYTES as HIGH_WATER, LOW_WATER_BYTES as LOW_WATER }
  from '../src/main/resources/META-INF/resources/js/files.js';

export async function bareDataChannelTransfer(senderPage, receiverPage, bytes) {
  const offer = await senderPage.evaluate(async () => {
    const pc = new RTCPeerConnection();
    window.bare = { pc, channel: pc.createDataChannel('bare', { ordered: true }) };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    return pc.localDescription.sdp;
  });
  const answer = await receiverPage.evaluate(async ({ offer, bytes }) => {
    const pc = new RTCPeerConnection();
    window.bare = { pc };
    window.bare.done = new Promise((resolve) => {
      pc.ondatachannel = ({ channel }) => {
        channel.binaryType = 'arraybuffer';
        let received = 0;
        let first = 0;
        channel.onmessage = (event) => {
          first ||= performance.now();
          received += event.data.byteLength;
          if (received >= bytes) resolve((performance.now() - first) / 1000);
        };
      };
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    return pc.localDescription.sdp;
  }, { offer, bytes });
  await senderPage.evaluate(async ({ answer, bytes, CHUNK, HIGH_WATER, LOW_WATER }) => {
    const { pc, channel } = window.bare;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await new Promise((resolve) => (channel.readyState === 'open' ? resolve() : (channel.onopen = resolve)));
    channel.bufferedAmountLowThreshold = LOW_WATER;
    const chunk = new Uint8Array(CHUNK);
    crypto.getRandomValues(chunk);
    for (let sent = 0; sent < bytes; sent += CHUNK) {
      if (channel.bufferedAmount > HIGH_WATER) {
        await new Promise((resolve) => { channel.onbufferedamountlow = resolve; });
      }
      channel.send(chunk.subarray(0, Math.min(CHUNK, bytes - sent)));
    }
  }, { answer, bytes, CHUNK, HIGH_WATER, LOW_WATER });
  const seconds = await receiverPage.evaluate(() => window.bare.done);
  await Promise.all([senderPage, receiverPage].map((page) => page.evaluate(() => window.bare.pc.close())));
  return seconds;
}
