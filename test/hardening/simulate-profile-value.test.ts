import { describe, expect, it } from 'vitest';
import { tempHome, runCli } from '../helpers/cli-run.js';

// Issue 17 item 17: a profile name that looks like a flag is an unknown profile (exit 2),
// not a simulator that failed to start (exit 4).
describe('--simulate-profile with a dash-led value', () => {
  for (const value of ['-1', '--help']) {
    it(`--simulate-profile ${value} exits 2 naming the profile`, async () => {
      const home = tempHome();
      const r = await runCli(home, ['chat', '--simulate', '--simulate-profile', value, 'hi']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`unknown simulator profile '${value}'`);
      expect(r.stderr).not.toContain('ambiguous');
      expect(r.stdout).toBe('');
    });
  }
});
