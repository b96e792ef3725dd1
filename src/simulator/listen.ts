import type { Server } from 'node:http';
import { UsageError } from '../core/errors.js';

/** Listens on host:port; a taken or privileged port is a usage error naming what to do. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new UsageError(
              `port ${port} is already in use; pick another with --port or use --port 0`,
            )
          : err.code === 'EACCES'
            ? new UsageError(
                `port ${port} needs more privileges; use a port above 1023 or --port 0`,
              )
            : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}
