import { join } from 'node:path';

/** The environment of a run whose HOME and XDG folders are all inside `home` (a temp dir). */
export function homeEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.state'),
    XDG_DATA_HOME: join(home, '.data'),
  };
}
