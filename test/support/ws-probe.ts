import WebSocket from 'ws';

/**
 * Opens a WebSocket with the given URL and headers and closes it again; resolves "open", the HTTP
 * status of a refused upgrade ("401", "403", …) or the error code / message.
 */
export function tryConnect(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}
