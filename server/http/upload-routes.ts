import type { Request } from "express";
import type { Db } from "../../db/client";
import { readSessionToken } from "../auth/cookies";
import { findSessionUser } from "../repositories/sessions";
import type { BodyLimitOptions } from "./body-limit";

/**
 * The routes that take a spreadsheet upload (their parsing, and its 5 MB file limit, live in
 * app/utils/upload.server.ts), with Remix's `.data` form of each for client-side submissions.
 */
const UPLOAD_PATH = /^\/w\/[^/]+\/(?:structure\/import|delegation\/import|autonomy)(?:\/|\.data|\/_index\.data)?$/i;

export const isUploadPath = (path: string) => UPLOAD_PATH.test(path);

/**
 * The byte limits in front of Remix: 64 KiB for every form; 6 MiB and a handful of parts for an
 * upload from a signed-in person (a 5 MB file plus the multipart framing); at most 64 MiB of bodies
 * held at once across the server.
 */
export function bodyLimits(db: Db): BodyLimitOptions {
  return {
    formBytes: 64 * 1024,
    uploadBytes: 6 * 1024 * 1024,
    uploadParts: 8,
    totalBytes: 64 * 1024 * 1024,
    isUploadPath,
    mayUpload(req: Request) {
      const token = readSessionToken(req.headers.cookie);
      try {
        return token !== null && findSessionUser(db, token) !== undefined;
      } catch {
        return false;
      }
    },
  };
}
