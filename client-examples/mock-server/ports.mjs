// A free loopback port for a test's child server.
import net from 'node:net';

const canListen = (port) =>
  new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** A free port on 127.0.0.1 below 32768 (under Linux's ephemeral range, so no outgoing
 * connection of another test can hold it). */
export async function freePort() {
  for (let i = 0; i < 100; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free loopback port below 32768');
}
