// The microphone's AudioWorklet: collects 2048 samples and posts them to the page. A file of its own (not a blob:
// URL) so the page's content security policy can keep script-src 'self'.
class MelMageCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buffer = new Float32Array(2048);
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (input) {
      for (let i = 0; i < input.length; i++) {
        this.buffer[this.filled++] = input[i];
        if (this.filled === this.buffer.length) {
          this.port.postMessage(this.buffer.slice(0));
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("melmage-capture", MelMageCapture);
