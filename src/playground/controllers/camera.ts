/** A webcam stream owned by one element: opened on demand, stopped when the element leaves the page. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cameraProblem, type Problem } from '../lib/messages';

export class CameraController implements ReactiveController {
  stream: MediaStream | undefined;
  problem: Problem | undefined;
  opening = false;

  constructor(private readonly element: ReactiveControllerHost) {
    element.addController(this);
  }

  hostDisconnected(): void {
    this.close();
  }

  /** Open the camera into `video`; on failure sets `problem` (denied, missing, busy) and returns false. */
  async open(video: HTMLVideoElement): Promise<boolean> {
    this.close();
    this.problem = undefined;
    this.opening = true;
    this.element.requestUpdate();
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('this page has no camera API (it needs https or localhost)', 'SecurityError');
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false });
      video.srcObject = this.stream;
      await video.play();
      return true;
    } catch (e) {
      this.close();
      this.problem = cameraProblem(e);
      return false;
    } finally {
      this.opening = false;
      this.element.requestUpdate();
    }
  }

  close(): void {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = undefined;
  }
}
