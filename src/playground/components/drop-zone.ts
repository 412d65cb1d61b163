/** A file drop target with a file picker inside; emits `files` with the chosen File objects. */
import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';

export class DropZone extends LitElement {
  static override styles = css`
    :host { display: block; }
    label { display: block; border: 2px dashed var(--mfs-border, #c4cad3); border-radius: var(--mfs-radius, 8px); padding: 1rem;
      text-align: center; cursor: pointer; color: var(--mfs-muted, #5b6270); background: var(--mfs-surface, #fff); }
    label.over { border-color: var(--mfs-accent, #2f5bd3); background: var(--mfs-info-bg, #eef3ff); }
    input { position: absolute; width: 1px; height: 1px; opacity: 0; }
  `;

  @property() accept = '';
  @property({ type: Boolean }) multiple = false;
  @property() prompt = 'Drop files here or click to choose';
  @state() private over = false;

  override render() {
    return html`<label class=${this.over ? 'over' : ''}
        @dragover=${(e: DragEvent) => { e.preventDefault(); e.stopPropagation(); this.over = true; }}
        @dragleave=${() => (this.over = false)}
        @drop=${this.onDrop}>
      ${this.prompt}
      <input type="file" accept=${this.accept} ?multiple=${this.multiple} @change=${this.onPick} />
    </label>`;
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    // Handled here: the page-wide drop handler must not load the same files again.
    e.stopPropagation();
    this.over = false;
    this.emit([...(e.dataTransfer?.files ?? [])]);
  }

  private onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.emit([...(input.files ?? [])]);
    input.value = '';
  }

  private emit(files: File[]): void {
    if (files.length) this.dispatchEvent(new CustomEvent<File[]>('files', { detail: files, bubbles: true, composed: true }));
  }
}
