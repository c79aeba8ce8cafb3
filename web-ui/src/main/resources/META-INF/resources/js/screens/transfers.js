// Files sent peer-to-peer in a conversation: picked, dropped onto the conversation or pasted,
// several at once; offered, accepted, sent with progress, verified by SHA-256 on both ends;
// paused when the connection drops and resumed from where the receiver got to when it is back.

import { DataSession, dataSessionWith } from '../data-session.js';
import {
  FileReceiver,
  MAX_IN_MEMORY_BYTES,
  STREAM_TO_DISK_ABOVE_BYTES,
  canStreamToDisk,
  forgetOldSpills,
  hashWholeFile,
  sendFile,
  canSpill,
  transferIdOf,
} from '../files.js';
import { ACTIVE_TRANSFER_STATES, formatBytes, transferDetail } from '../logic/transfer-progress.js';
import { RECONNECT_EVERY_MS, receiverAnswer, resumeExpired, senderAnswer } from '../logic/transfer-resume.js';
import { contactName, conversationWith } from '../store.js';
import { $, button, element } from '../ui/dom.js';
import { t } from '../ui/messages.js';
import { notify } from '../ui/notice.js';

// Progress is drawn a few times a second, on the transfer's own row: redrawing per chunk costs
// the CPU time the transfer itself needs.
const PROGRESS_EVERY_MS = 250;

export class TransfersScreen {
  #store;
  #reconnecting = new Map(); // peerId → interval timer, while transfers with them are paused

  constructor(store) {
    this.#store = store;
    forgetOldSpills().catch(() => {});
    store.on('selected', () => this.render());
    store.on('transfers', (peerId) => {
      if (peerId === store.state.selected) this.render();
    });
    store.on('file-message', ({ peerId, message }) => this.#onFileMessage(peerId, message));
    store.on('file-channel', ({ peerId, channel }) => this.#receive(peerId, channel));
    store.on('data-closed', ({ peerId }) => {
      for (const transfer of conversationWith(store, peerId).transfers.values()) {
        if (transfer.state === 'sending' || transfer.state === 'receiving') this.#pause(transfer);
        else if (ACTIVE_TRANSFER_STATES.includes(transfer.state) && transfer.state !== 'paused')
          this.#fail(transfer, t('file.connection-closed'));
      }
    });
    store.on('data-open', ({ peerId }) => this.#resume(peerId));
    $('#file-input').addEventListener('change', (event) => {
      const files = [...event.target.files];
      event.target.value = '';
      this.offer(files);
    });
    const body = $('#conversation-body');
    body.addEventListener('dragover', (event) => {
      if (![...event.dataTransfer.types].includes('Files')) return;
      event.preventDefault();
      body.classList.add('dropping');
    });
    body.addEventListener('dragleave', (event) => {
      if (!body.contains(event.relatedTarget)) body.classList.remove('dropping');
    });
    body.addEventListener('drop', (event) => {
      event.preventDefault();
      body.classList.remove('dropping');
      this.offer([...event.dataTransfer.files]);
    });
    $('#chat-input').addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files || [])];
      if (files.length) {
        event.preventDefault();
        this.offer(files);
      }
    });
  }

  /** Offers files to the open conversation's contact. */
  offer(files) {
    const peerId = this.#store.state.selected;
    if (!files.length || !peerId) return;
    const data = dataSessionWith(this.#store, peerId);
    if (!data) return;
    const conversation = conversationWith(this.#store, peerId);
    for (const file of files) {
      const transfer = {
        id: crypto.randomUUID(),
        peerId,
        outgoing: true,
        file,
        name: file.name,
        size: file.size,
        mime: file.type,
        bytes: 0,
        state: 'waiting',
        hashing: hashWholeFile(file),
      };
      conversation.transfers.set(transfer.id, transfer);
      data.send({ t: 'file-offer', id: transfer.id, name: file.name, size: file.size, mime: file.type });
    }
    this.#store.changed('transfers', peerId);
  }

  #onFileMessage(peerId, message) {
    switch (message.t) {
      case 'file-offer':
        return this.#onOffer(peerId, message);
      case 'file-accept':
        return this.#onAccepted(peerId, message.id);
      case 'file-deny':
        return this.#onStopped(peerId, message.id, message.reason || 'declined');
      case 'file-cancel':
        return this.#onStopped(peerId, message.id, 'cancelled by the other side');
      case 'file-done':
        return this.#onDone(peerId, message);
      case 'file-resume':
        return this.#onResume(peerId, message);
      case 'file-continue':
        return this.#onContinue(peerId, message.id);
    }
  }

  #onOffer(peerId, offer) {
    const name = String(offer.name || 'file').slice(0, 255);
    const size = Number(offer.size);
    if (!Number.isSafeInteger(size) || size < 0) return;
    const transfer = {
      id: offer.id,
      peerId,
      outgoing: false,
      name,
      size,
      mime: String(offer.mime || ''),
      bytes: 0,
      state: 'offered',
    };
    const conversation = conversationWith(this.#store, peerId);
    conversation.transfers.set(transfer.id, transfer);
    if (size > MAX_IN_MEMORY_BYTES && !canStreamToDisk()) {
      transfer.state = 'failed';
      transfer.detail = t('file.too-large', { size: formatBytes(size) });
      conversation.data?.send({ t: 'file-deny', id: transfer.id, reason: 'too large for the receiving browser' });
    } else if (this.#store.state.selected !== peerId) {
      notify(t('file.offered', { name: contactName(this.#store, peerId), file: name }), { context: peerId });
    }
    this.#store.changed('transfers', peerId);
  }

  async #accept(transfer) {
    if (transfer.size > STREAM_TO_DISK_ABOVE_BYTES) {
      // Too large to hold: it goes to disk as it arrives. The private file system needs no prompt;
      // else the person picks where to save it.
      if (canSpill()) {
        transfer.spill = true; // written and hashed by a worker into OPFS (files.js)
      } else if (window.showSaveFilePicker) {
        try {
          const handle = await window.showSaveFilePicker({ suggestedName: transfer.name });
          transfer.writable = await handle.createWritable();
        } catch {
          return; // the person closed the picker: the offer stays open
        }
      }
    }
    transfer.state = 'receiving';
    conversationWith(this.#store, transfer.peerId).data?.send({ t: 'file-accept', id: transfer.id });
    this.#store.changed('transfers', transfer.peerId);
  }

  #receive(peerId, channel) {
    const id = transferIdOf(channel);
    const transfer = conversationWith(this.#store, peerId).transfers.get(id);
    if (!transfer || transfer.outgoing || transfer.state !== 'receiving') {
      channel.close();
      return;
    }
    transfer.receiver ??= new FileReceiver(transfer);
    transfer.receiver
      .take(channel, () => this.#progress(transfer))
      .then(
        ({ sha256, ok, blob }) => {
          transfer.finishedAt = performance.now();
          transfer.sha256 = sha256;
          transfer.state = ok ? 'verified' : 'failed';
          transfer.detail = ok ? t('file.verified', { hash: sha256.slice(0, 16) }) : t('file.damaged');
          if (ok && blob) transfer.url = URL.createObjectURL(blob);
          transfer.receiver = null;
          this.#sendDone(transfer);
          channel.close();
          this.#store.changed('transfers', peerId);
        },
        // A closed channel pauses; anything else (the disk refused a write) ends the transfer.
        (error) => (error.message === 'closed' ? this.#pause(transfer) : this.#fail(transfer, t('file.interrupted'))),
      );
  }

  #sendDone(transfer) {
    const ok = transfer.state === 'verified';
    conversationWith(this.#store, transfer.peerId).data?.send({
      t: 'file-done',
      id: transfer.id,
      ok,
      sha256: transfer.sha256,
    });
  }

  #onAccepted(peerId, id) {
    const transfer = conversationWith(this.#store, peerId).transfers.get(id);
    if (transfer?.outgoing && transfer.state === 'waiting') this.#send(transfer, 0);
  }

  async #send(transfer, from) {
    const data = conversationWith(this.#store, transfer.peerId).data;
    if (!data || data.closed) return;
    transfer.state = 'sending';
    transfer.detail = null;
    this.#store.changed('transfers', transfer.peerId);
    try {
      transfer.sha256 = await sendFile(data.link.pc, transfer, () => this.#progress(transfer), from);
      if (transfer.sha256) transfer.sentAt = performance.now();
    } catch (error) {
      if (transfer.state !== 'sending' || error.message === 'superseded') return;
      // A channel still open means the file itself failed (it could not be read): nothing to resume.
      if (transfer.channel?.readyState === 'open') this.#fail(transfer, t('file.interrupted'));
      else this.#pause(transfer);
    }
  }

  /** The connection dropped mid-way: keep what both sides have, and try to get it back. */
  #pause(transfer) {
    if (transfer.state !== 'sending' && transfer.state !== 'receiving') return;
    transfer.state = 'paused';
    transfer.pausedAt = Date.now();
    transfer.detail = t('file.paused', { done: formatBytes(transfer.bytes), size: formatBytes(transfer.size) });
    transfer.run = (transfer.run || 0) + 1; // stops a send still reading a block
    this.#store.changed('transfers', transfer.peerId);
    this.#reconnect(transfer.peerId);
  }

  /**
   * While transfers with `peerId` are paused, the sending side opens a new data session whenever
   * they are online and none is open. Transfers that waited past the resume window fail.
   */
  #reconnect(peerId) {
    if (this.#reconnecting.has(peerId)) return;
    const attempt = () => {
      const conversation = conversationWith(this.#store, peerId);
      const paused = [...conversation.transfers.values()].filter((transfer) => transfer.state === 'paused');
      for (const transfer of paused) {
        if (resumeExpired(transfer, Date.now())) this.#fail(transfer, t('file.resume-expired'));
      }
      if (!paused.some((transfer) => transfer.state === 'paused')) {
        clearInterval(this.#reconnecting.get(peerId));
        this.#reconnecting.delete(peerId);
        return;
      }
      // The sender reopens (it has what is needed to go on); a receiver waits for it, so two
      // sides never race to open one session.
      const sending = paused.some((transfer) => transfer.outgoing && transfer.state === 'paused');
      const online = this.#store.state.contacts.get(peerId)?.online;
      if (sending && online && (!conversation.data || conversation.data.closed)) DataSession.open(this.#store, peerId);
    };
    this.#reconnecting.set(peerId, setInterval(attempt, RECONNECT_EVERY_MS));
  }

  /** A data session with `peerId` is open: the receiver says where to go on, the sender asks. */
  #resume(peerId) {
    const data = conversationWith(this.#store, peerId).data;
    if (!data) return;
    for (const transfer of conversationWith(this.#store, peerId).transfers.values()) {
      if (transfer.state !== 'paused') continue;
      if (transfer.outgoing) {
        data.send({ t: 'file-continue', id: transfer.id });
      } else {
        transfer.state = 'receiving';
        transfer.detail = null;
        data.send({ t: 'file-resume', id: transfer.id, offset: transfer.bytes });
      }
    }
    this.#store.changed('transfers', peerId);
  }

  #onResume(peerId, message) {
    const transfer = conversationWith(this.#store, peerId).transfers.get(message.id);
    const answer = senderAnswer(transfer, message.offset);
    if (answer.action === 'send') this.#send(transfer, answer.offset);
    else if (answer.action === 'cancel') {
      conversationWith(this.#store, peerId).data?.send({ t: 'file-cancel', id: message.id });
      if (transfer?.outgoing && transfer.state === 'paused') this.#fail(transfer, t('file.resume-refused'));
    }
  }

  #onContinue(peerId, id) {
    const transfer = conversationWith(this.#store, peerId).transfers.get(id);
    const answer = receiverAnswer(transfer);
    if (answer === 'done') this.#sendDone(transfer);
    else if (answer === 'cancel') conversationWith(this.#store, peerId).data?.send({ t: 'file-cancel', id });
  }

  #onDone(peerId, message) {
    const transfer = conversationWith(this.#store, peerId).transfers.get(message.id);
    if (!transfer?.outgoing) return;
    transfer.finishedAt = performance.now();
    transfer.state = message.ok && message.sha256 === transfer.sha256 ? 'verified' : 'failed';
    transfer.detail = t(transfer.state === 'verified' ? 'file.delivered' : 'file.unverified');
    transfer.channel?.close();
    this.#store.changed('transfers', peerId);
  }

  #onStopped(peerId, id, reason) {
    const transfer = conversationWith(this.#store, peerId).transfers.get(id);
    if (!transfer || ['verified', 'failed', 'cancelled'].includes(transfer.state)) return;
    transfer.cancelled = true;
    transfer.state = 'cancelled';
    transfer.detail = t('file.stopped', { reason });
    transfer.channel?.close();
    transfer.writable?.abort?.();
    transfer.receiver?.abort();
    transfer.hasher?.abort();
    this.#store.changed('transfers', peerId);
  }

  #cancel(transfer, reason = 'cancelled') {
    conversationWith(this.#store, transfer.peerId).data?.send({
      t: transfer.state === 'offered' ? 'file-deny' : 'file-cancel',
      id: transfer.id,
    });
    this.#onStopped(transfer.peerId, transfer.id, reason);
  }

  #fail(transfer, detail) {
    transfer.state = 'failed';
    transfer.cancelled = true;
    transfer.detail = detail;
    transfer.channel?.close();
    transfer.writable?.abort?.();
    transfer.receiver?.abort();
    transfer.hasher?.abort();
    this.#store.changed('transfers', transfer.peerId);
  }

  #progress(transfer) {
    const now = performance.now();
    if (now - (transfer.drawnAt || 0) < PROGRESS_EVERY_MS) return;
    transfer.drawnAt = now;
    const row = document.querySelector(`#transfers li[data-id="${transfer.id}"]`);
    if (!row) return;
    row.querySelector('progress').value = transfer.bytes;
    row.querySelector('.detail').textContent = transferDetail(transfer, now);
  }

  render() {
    const { selected } = this.#store.state;
    if (!selected) return;
    const now = performance.now();
    $('#transfers').replaceChildren(
      ...[...conversationWith(this.#store, selected).transfers.values()].map((transfer) => {
        const active = ACTIVE_TRANSFER_STATES.includes(transfer.state);
        const elapsed =
          transfer.finishedAt && transfer.startedAt ? (transfer.finishedAt - transfer.startedAt) / 1000 : null;
        return element(
          'li',
          {
            dataset: {
              id: transfer.id,
              state: transfer.state,
              direction: transfer.outgoing ? 'out' : 'in',
              sha256: transfer.sha256 || '',
              storage: transfer.writable || transfer.spill ? 'disk' : 'memory',
              seconds: elapsed ? elapsed.toFixed(3) : '',
              // first to last byte on the receiver: the network's part, without the final hash
              receiveSeconds:
                elapsed && transfer.lastByteAt ? ((transfer.lastByteAt - transfer.startedAt) / 1000).toFixed(3) : '',
              resumedFrom: String(transfer.resumedFrom || 0),
            },
          },
          element(
            'div',
            { class: 'row' },
            element('span', { class: 'file-name' }, `${transfer.outgoing ? '↑' : '↓'} ${transfer.name}`),
            element('span', {}, formatBytes(transfer.size)),
            transfer.state === 'offered' ? button('Accept', () => this.#accept(transfer), { class: 'primary' }) : null,
            transfer.state === 'offered' ? button('Deny', () => this.#cancel(transfer, 'declined')) : null,
            active && transfer.state !== 'offered' ? button('Cancel', () => this.#cancel(transfer)) : null,
            transfer.url ? element('a', { href: transfer.url, download: transfer.name }, 'Save') : null,
          ),
          element('progress', {
            max: String(transfer.size || 1),
            value: String(transfer.size ? transfer.bytes : 1),
            'aria-label': `${transfer.name} progress`,
          }),
          element('span', { class: `detail ${transfer.state}` }, transferDetail(transfer, now)),
        );
      }),
    );
  }
}
