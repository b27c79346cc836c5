export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/** Server-Sent Events from a fetch response, message by message (comments and keep-alives skipped). */
export async function* readServerSentEvents(response: Response, signal?: AbortSignal): AsyncGenerator<ServerSentEvent> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: Partial<ServerSentEvent> = {};
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          if (colon <= 0) continue;
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') message.id = value;
          else if (field === 'event') message.event = value;
          else if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
        }
        if (message.data !== undefined || message.event) yield { event: message.event ?? 'message', data: message.data ?? '', ...(message.id ? { id: message.id } : {}) };
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
