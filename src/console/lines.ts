// The lines a person types at the console. From a pipe, lines are read as they come and the end of the input is the
// end. On a terminal, readline edits the line itself (raw mode); its Ctrl-D on an empty line closes only the
// interface, not stdin, so a fresh interface goes on reading: Ctrl-D can leave a form without quitting the console;
// Ctrl-C ends the input.
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";

const isTty = (s: Readable | Writable) => (s as { isTTY?: boolean }).isTTY === true;

export class ConsoleLines {
  private rl!: Interface;
  private lines!: AsyncIterator<string>;
  private readonly tty: boolean;
  /** Ctrl-C on a terminal: the input is over for good. */
  private interrupted = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {
    this.tty = isTty(input) && isTty(output);
    this.open();
  }

  private open(): void {
    this.rl = this.tty
      ? createInterface({ input: this.input, output: this.output, terminal: true })
      : createInterface({ input: this.input, terminal: false });
    this.lines = this.rl[Symbol.asyncIterator]();
    this.rl.on("SIGINT", () => {
      this.interrupted = true;
      this.rl.close();
    });
  }

  /** The next line after showing `prompt`; null at the end of the input (Ctrl-D on a terminal). */
  async ask(prompt: string): Promise<string | null> {
    if (this.interrupted) return null;
    if (this.tty) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
    } else this.output.write(prompt);
    const next = await this.lines.next();
    if (!next.done) return next.value;
    // Ctrl-D closed the interface but the terminal is still there: read on with a new one.
    if (this.tty) this.output.write("\n");
    if (this.tty && !this.interrupted && !this.input.readableEnded) this.open();
    return null;
  }

  close(): void {
    this.rl.close();
  }
}
