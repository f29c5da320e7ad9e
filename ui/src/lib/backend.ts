// The one module that talks to the Rust side. Components call these typed functions; every
// failure arrives as a BackendError carrying the `{code, message, field?}` the commands return.
import { invoke } from '@tauri-apps/api/core';
import type { AppStatus } from './bindings/AppStatus';
import type { ErrorCode } from './bindings/ErrorCode';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { FrameworkId } from './bindings/FrameworkId';
import type { Project } from './bindings/Project';
import type { ProjectDraft } from './bindings/ProjectDraft';
import type { ProjectView } from './bindings/ProjectView';
import type { Stage } from './bindings/Stage';

export type {
  AppStatus,
  ErrorCode,
  ErrorPayload,
  FrameworkId,
  Project,
  ProjectDraft,
  ProjectView,
  Stage,
};

/** A failed backend call, with the code the UI branches on and the field it belongs to. */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'BackendError';
    this.code = payload.code;
    this.field = payload.field;
  }
}

function isPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorPayload).code === 'string' &&
    typeof (value as ErrorPayload).message === 'string'
  );
}

/** Turns whatever `invoke` rejected with into a BackendError. */
export function toBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  if (isPayload(error)) return new BackendError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new BackendError({ code: 'internal', message });
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toBackendError(error);
  }
}

export const backend = {
  appStatus: () => call<AppStatus>('get_app_status'),
  listProjects: (view: ProjectView) => call<Project[]>('list_projects', { view }),
  getProject: (id: string) => call<Project>('get_project', { id }),
  createProject: (draft: ProjectDraft, framework: FrameworkId) =>
    call<Project>('create_project', { draft, framework }),
  updateProject: (id: string, draft: ProjectDraft) => call<Project>('update_project', { id, draft }),
  archiveProject: (id: string) => call<Project>('archive_project', { id }),
  unarchiveProject: (id: string) => call<Project>('unarchive_project', { id }),
  trashProject: (id: string) => call<Project>('trash_project', { id }),
  restoreProject: (id: string) => call<Project>('restore_project', { id }),
  purgeProject: (id: string) => call<null>('purge_project', { id }),
};
