'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '@/lib/result';

/** Where a row's draft stands, as its status line says. */
export type SaveState = 'clean' | 'dirty' | 'saving' | 'saved' | 'offline' | 'conflict' | 'error';

export type SaveOutcome = Result<{ id: number; version: number }>;

/** A copy of the unsaved fields kept in the browser, with the version they were typed over. */
type LocalCopy<V> = { base: number; values: V; at: number };

/** How long typing must pause before a save goes out. */
const PAUSE_MS = 1200;
/** How soon a save that failed for want of a connection is tried again. */
const RETRY_MS = 5000;

function readLocal<V>(key: string): LocalCopy<V> | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as LocalCopy<V>) : null;
  } catch {
    return null;
  }
}

function writeLocal<V>(key: string, copy: LocalCopy<V> | null): void {
  try {
    if (copy) window.localStorage.setItem(key, JSON.stringify(copy));
    else window.localStorage.removeItem(key);
  } catch {
    // Storage full or disabled (private mode): the server save still runs.
  }
}

/**
 * 自动保存 of one row of the month page. Every change is kept in localStorage at once (nothing is
 * lost on a reload or a closed tab) and saved to the server when typing pauses, on blur, on
 * Ctrl+S and before a submission (`flush`). A save that fails for want of a connection is retried
 * when the browser is online again; a save refused for a newer version (someone else of the unit
 * saved) is held as a conflict for the row to show. Saves of one row never overlap.
 */
export function useAutosave<V>({ storageKey, initialVersion, save }: { storageKey: string; initialVersion: number; save: (values: V, version: number) => Promise<SaveOutcome> }) {
  const version = useRef(initialVersion);
  const pending = useRef<V | null>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;
  const [state, setState] = useState<SaveState>('clean');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<unknown>(null);
  const [currentVersion, setCurrentVersion] = useState(initialVersion);
  const [rowId, setRowId] = useState<number | null>(null);
  const rowIdRef = useRef<number | null>(null);
  /** Held while a conflict waits for the user's choice: no save goes out over the other version meanwhile. */
  const inConflict = useRef(false);

  const setVersion = useCallback((v: number) => {
    version.current = v;
    setCurrentVersion(v);
  }, []);

  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    // One save at a time: wait for the running one, then send what was typed meanwhile.
    while (inFlight.current) await inFlight.current;
    if (inConflict.current) return false;
    const values = pending.current;
    if (values === null) return true;
    pending.current = null;
    setState('saving');
    const run = (async (): Promise<boolean> => {
      let outcome: SaveOutcome;
      try {
        outcome = await saveRef.current(values, version.current);
      } catch {
        // The request never reached the server (or its answer never came back): keep the copy, retry later.
        pending.current ??= values;
        setState('offline');
        timer.current = setTimeout(() => void flush(), RETRY_MS);
        return false;
      }
      if (outcome.ok) {
        setVersion(outcome.version);
        setRowId(outcome.id);
        rowIdRef.current = outcome.id;
        setSavedAt(new Date());
        setError(null);
        if (pending.current === null) {
          writeLocal(storageKey, null);
          setState('saved');
        } else {
          writeLocal(storageKey, { base: outcome.version, values: pending.current, at: Date.now() });
          setState('dirty');
        }
        return true;
      }
      pending.current ??= values;
      if (outcome.conflict) {
        inConflict.current = true;
        setConflict(outcome.conflict);
        setState('conflict');
      } else {
        setError(outcome.error);
        setState('error');
      }
      return false;
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, [setVersion, storageKey]);

  /** A change: kept locally now, saved when typing pauses. */
  const change = useCallback(
    (values: V) => {
      pending.current = values;
      writeLocal(storageKey, { base: version.current, values, at: Date.now() });
      if (inConflict.current) return;
      setState('dirty');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), PAUSE_MS);
    },
    [flush, storageKey],
  );

  /** After a conflict: go on from the other version's number, with `values` (mine or theirs) saved over it. */
  const resolve = useCallback(
    (theirVersion: number, values: V | null) => {
      inConflict.current = false;
      setConflict(null);
      setVersion(theirVersion);
      if (values === null) {
        pending.current = null;
        writeLocal(storageKey, null);
        setState('saved');
        return;
      }
      pending.current = values;
      setState('dirty');
      void flush();
    },
    [flush, setVersion, storageKey],
  );

  useEffect(() => {
    const online = () => {
      if (pending.current !== null) void flush();
    };
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [flush]);

  /** The copy left by an earlier visit, if any: the row offers to restore it. */
  const leftover = useCallback((): LocalCopy<V> | null => readLocal<V>(storageKey), [storageKey]);
  const discardLeftover = useCallback(() => writeLocal(storageKey, null), [storageKey]);

  /** The version and row id as of now (React state lags a render behind; a submission right after a save needs these). */
  const current = useCallback(() => ({ version: version.current, rowId: rowIdRef.current }), []);

  return { current, state, savedAt, error, conflict, version: currentVersion, rowId, setVersion, change, flush, resolve, leftover, discardLeftover, hasPending: () => pending.current !== null };
}
