/**
 * Where files and folders can be dropped: highlights while something is
 * dragged over it and hands the dropped items to onDrop: folders walked in
 * the browser, which sends file by file; unopened in the desktop app, which
 * hands the service their paths in one call.
 * A counter, not a flag: dragenter/dragleave fire for every child element.
 */
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useApi } from '../../app/ApiContext';
import { dragHasFiles, readDrop, type PickedItems } from './dropEntries';

interface Props {
  /** Shown in the highlight: where the drop will go. */
  target: string;
  onDrop: (items: PickedItems) => void;
  onError: (message: string) => void;
  children: ReactNode;
}

export function DropArea({ target, onDrop, onError, children }: Props) {
  const [active, setActive] = useState(false);
  const depth = useRef(0);
  const walkFolders = useApi().kind === 'web';
  useMissedDropGuard();

  const enter = (event: DragEvent) => {
    if (!dragHasFiles(event.dataTransfer)) return;
    event.preventDefault();
    depth.current++;
    setActive(true);
  };
  const over = (event: DragEvent) => {
    if (!dragHasFiles(event.dataTransfer)) return;
    // Without preventDefault the browser refuses the drop (and may open the file instead).
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const leave = () => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setActive(false);
  };
  const drop = (event: DragEvent) => {
    if (!dragHasFiles(event.dataTransfer)) return;
    event.preventDefault();
    depth.current = 0;
    setActive(false);
    readDrop(event.dataTransfer, { walkFolders }).then(onDrop, (error: Error) => onError(`RAIC could not read what was dropped: ${error.message}`));
  };

  return (
    <div
      className={`files-drop-area${active ? ' files-drop-active' : ''}`}
      data-testid="drop-area"
      onDragEnter={enter}
      onDragOver={over}
      onDragLeave={leave}
      onDrop={drop}
    >
      {children}
      {active && (
        <div className="files-drop-hint" aria-hidden="true">
          Drop to upload into {target}
        </div>
      )}
    </div>
  );
}

/**
 * A file dropped just beside the list would make the browser open it in
 * place of the app. While this screen is shown, such drops are refused (the
 * cursor says so) instead; drops on the list were handled before this runs.
 */
function useMissedDropGuard() {
  useEffect(() => {
    const guard = (event: globalThis.DragEvent) => {
      if (event.defaultPrevented || !dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);
}
