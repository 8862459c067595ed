import { useEffect, useRef, type TextareaHTMLAttributes } from "react";
import * as Y from "yjs";
import { replaceText } from "../../shared/collab/ytools";
import { LOCAL_ORIGIN } from "./useRoom";

/**
 * A textarea bound to a Y.Text: each keystroke becomes the minimal delete + insert, so two people
 * typing in one description both keep their words; remote edits keep the local caret in place.
 */
export function YTextArea({ text, readOnly, ...rest }: { text: Y.Text; readOnly?: boolean } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.value = text.toString();
    const onRemote = (_event: Y.YTextEvent, tr: Y.Transaction) => {
      // Our own typing is already in the textarea; everything else (remote edits, undo) is not.
      if (tr.origin === LOCAL_ORIGIN && tr.local) return;
      const doc = text.doc!;
      const start = Y.createRelativePositionFromTypeIndex(text, Math.min(el.selectionStart, el.value.length));
      const end = Y.createRelativePositionFromTypeIndex(text, Math.min(el.selectionEnd, el.value.length));
      const focused = document.activeElement === el;
      el.value = text.toString();
      if (focused) {
        const s = Y.createAbsolutePositionFromRelativePosition(start, doc)?.index ?? el.value.length;
        const e = Y.createAbsolutePositionFromRelativePosition(end, doc)?.index ?? s;
        el.setSelectionRange(s, e);
      }
    };
    text.observe(onRemote);
    return () => text.unobserve(onRemote);
  }, [text]);

  return (
    <textarea
      ref={ref}
      readOnly={readOnly}
      onInput={(e) => {
        const next = e.currentTarget.value;
        if (next === text.toString()) return;
        text.doc!.transact(() => replaceText(text, next), LOCAL_ORIGIN);
      }}
      {...rest}
    />
  );
}
