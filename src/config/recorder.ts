/** Collects where each resolved setting came from, and notes worth telling the user. */
import { jsonPointer, type JsonPath } from './json-path.js';
import type { SettingSource } from './types.js';

export const DEFAULT_SOURCE: SettingSource = { kind: 'default', detail: 'default' };

export class Recorder {
  readonly sources: Record<string, SettingSource> = {};
  readonly notes: string[] = [];
  constructor(readonly configFile: string | undefined) {}

  set(key: string, source: SettingSource): void {
    this.sources[key] = source;
  }

  /** `{kind: 'file', detail: '/abs/shepherd.config.json#/gateways/main/baseUrl'}`. */
  file(path: JsonPath): SettingSource {
    return { kind: 'file', detail: `${this.configFile ?? '(no file)'}#${jsonPointer(path)}` };
  }

  note(text: string): void {
    this.notes.push(text);
  }
}
