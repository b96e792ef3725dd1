import { EventEmitter } from 'node:events';

/** A terminal-like output stream for ink: records what is written. */
export class FakeTtyOut extends EventEmitter {
  isTTY = true;
  columns: number;
  rows = 40;
  text = '';
  writes = 0;
  constructor(columns = 100) {
    super();
    this.columns = columns;
  }
  write = (chunk: string, cb?: () => void): boolean => {
    this.text += chunk;
    this.writes += 1;
    if (typeof cb === 'function') cb();
    return true;
  };
  asStream(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }
}

/** A terminal-like stdin for ink: keys are pushed with `press`, raw-mode calls recorded. */
export class FakeTtyIn extends EventEmitter {
  isTTY = true;
  rawMode = false;
  rawModeCalls: boolean[] = [];
  refs = 0;
  private pending: string | null = null;
  press(data: string): void {
    this.pending = data;
    this.emit('readable');
  }
  read = (): string | null => {
    const d = this.pending;
    this.pending = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(on: boolean): void {
    this.rawMode = on;
    this.rawModeCalls.push(on);
  }
  resume(): void {}
  pause(): void {}
  ref(): void {
    this.refs += 1;
  }
  unref(): void {
    this.refs -= 1;
  }
  asStream(): NodeJS.ReadStream {
    return this as unknown as NodeJS.ReadStream;
  }
}
