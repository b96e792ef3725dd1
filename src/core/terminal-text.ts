/**
 * Text a server sent, made safe to print: no escape sequences (ESC, CSI/OSC introducers, C1
 * controls) that could clear the screen, set the window title or hide text, and no bare
 * carriage returns that overwrite a line. Removing ESC itself disarms every sequence.
 */

// C0 controls but \t and \n, DEL, C1 controls, and Unicode bidi overrides/isolates.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

/** A one-line message (an error text, a model id): line breaks become spaces, controls go. */
export function printableLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').replace(CONTROLS, '');
}

/** Multi-line text (an answer streamed to the terminal): keeps \n and \t, drops the rest. */
export function printableText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROLS, '');
}
