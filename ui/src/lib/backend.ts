// The one module that talks to the Rust side. Components call these typed functions; every
// failure arrives as a BackendError carrying the `{code, message, field?}` the commands return.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { FacilitatorView } from './bindings/FacilitatorView';
import type { Workshop } from './bindings/Workshop';
import type { WorkshopAction } from './bindings/WorkshopAction';
import type { WorkshopRecord } from './bindings/WorkshopRecord';
import type { WorkshopSession } from './bindings/WorkshopSession';
import type { WorkshopSetup } from './bindings/WorkshopSetup';
import type { VoteDraft } from './bindings/VoteDraft';
import type { VotesImport } from './bindings/VotesImport';
import type { LaptopVote } from './bindings/LaptopVote';
import type { AppStatus } from './bindings/AppStatus';
import type { AgendaGroup } from './bindings/AgendaGroup';
import type { AgendaItem } from './bindings/AgendaItem';
import type { AgendaKind } from './bindings/AgendaKind';
import type { AgendaSection } from './bindings/AgendaSection';
import type { AgendaView } from './bindings/AgendaView';
import type { ReviewCadence } from './bindings/ReviewCadence';
import type { Audience } from './bindings/Audience';
import type { AudienceSummary } from './bindings/AudienceSummary';
import type { ReportPart } from './bindings/ReportPart';
import type { ReportSend } from './bindings/ReportSend';
import type { BrandView } from './bindings/BrandView';
import type { SharingView } from './bindings/SharingView';
import type { SharingStatus } from './bindings/SharingStatus';
import type { SyncReport } from './bindings/SyncReport';
import type { Conflict } from './bindings/Conflict';
import type { ConflictValue } from './bindings/ConflictValue';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { JoinedProject } from './bindings/JoinedProject';
import type { LensImport } from './bindings/LensImport';
import type { Review } from './bindings/Review';
import type { ReviewQuestion } from './bindings/ReviewQuestion';
import type { LensQuestion } from './bindings/LensQuestion';
import type { RiskRule } from './bindings/RiskRule';
import type { QuestionDraft } from './bindings/QuestionDraft';
import type { PracticeDraft } from './bindings/PracticeDraft';
import type { RuleDraft } from './bindings/RuleDraft';
import type { PillarQuestion } from './bindings/PillarQuestion';
import type { QuestionEdit } from './bindings/QuestionEdit';
import type { PillarRisks } from './bindings/PillarRisks';
import type { Answer } from './bindings/Answer';
import type { Risk } from './bindings/Risk';
import type { Improvements } from './bindings/Improvements';
import type { DateFormat } from './bindings/DateFormat';
import type { Settings } from './bindings/Settings';
import type { ChosenFiles } from './bindings/ChosenFiles';
import type { MarkdownPlan } from './bindings/MarkdownPlan';
import type { Mapping } from './bindings/Mapping';
import type { TableMapping } from './bindings/TableMapping';
import type { MappingTarget } from './bindings/MappingTarget';
import type { TargetChoice } from './bindings/TargetChoice';
import type { UnmatchedTable } from './bindings/UnmatchedTable';
import type { ErrorCode } from './bindings/ErrorCode';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { Change } from './bindings/Change';
import type { ComparisonRow } from './bindings/ComparisonRow';
import type { RiskState } from './bindings/RiskState';
import type { Decision } from './bindings/Decision';
import type { Framework } from './bindings/Framework';
import type { BaselineControl } from './bindings/BaselineControl';
import type { Column } from './bindings/Column';
import type { Compliance } from './bindings/Compliance';
import type { SnapshotDraft } from './bindings/SnapshotDraft';
import type { StarterAnswers } from './bindings/StarterAnswers';
import type { TableKind } from './bindings/TableKind';
import type { TableRow } from './bindings/TableRow';
import type { TableView } from './bindings/TableView';
import type { TriggerSuggestion } from './bindings/TriggerSuggestion';
import type { CategoryProgress } from './bindings/CategoryProgress';
import type { DeferReason } from './bindings/DeferReason';
import type { Gap } from './bindings/Gap';
import type { GapRow } from './bindings/GapRow';
import type { GapBulkChange } from './bindings/GapBulkChange';
import type { GapDraft } from './bindings/GapDraft';
import type { GapStatus } from './bindings/GapStatus';
import type { GapTemplate } from './bindings/GapTemplate';
import type { GapTracker } from './bindings/GapTracker';
import type { LaunchBlockers } from './bindings/LaunchBlockers';
import type { GapCounts } from './bindings/GapCounts';
import type { GapsChanged } from './bindings/GapsChanged';
import type { Priority } from './bindings/Priority';
import type { Verdict } from './bindings/Verdict';
import type { Milestone } from './bindings/Milestone';
import type { Pillar } from './bindings/Pillar';
import type { PillarDraft } from './bindings/PillarDraft';
import type { ScoreLevel } from './bindings/ScoreLevel';
import type { Scorecard } from './bindings/Scorecard';
import type { ScorecardTab } from './bindings/ScorecardTab';
import type { Summary } from './bindings/Summary';
import type { Trend } from './bindings/Trend';
import type { Project } from './bindings/Project';
import type { ProjectDraft } from './bindings/ProjectDraft';
import type { ProjectView } from './bindings/ProjectView';
import type { Stage } from './bindings/Stage';
import type { ExportedReport } from './bindings/ExportedReport';
import type { Paper } from './bindings/Paper';
import type { ReportKind } from './bindings/ReportKind';
import type { Backup } from './bindings/Backup';
import type { ExportTable } from './bindings/ExportTable';
import type { ImportMode } from './bindings/ImportMode';
import type { ImportedProject } from './bindings/ImportedProject';
import type { ImportedBlock } from './bindings/ImportedBlock';
import type { MarkdownImport } from './bindings/MarkdownImport';
import type { MarkdownTarget } from './bindings/MarkdownTarget';
import type { Recovery } from './bindings/Recovery';
import type { TableFormat } from './bindings/TableFormat';
import type { TrashItem } from './bindings/TrashItem';
import type { TrashKind } from './bindings/TrashKind';

export type {
  SharingView,
  SharingStatus,
  SyncReport,
  Conflict,
  ConflictValue,
  HistoryEntry,
  JoinedProject,
  RiskState,
  LensQuestion,
  RiskRule,
  QuestionDraft,
  PracticeDraft,
  RuleDraft,
  PillarQuestion,
  QuestionEdit,
  Improvements,
  BrandView,
  LensImport,
  Review,
  ReviewQuestion,
  PillarRisks,
  Answer,
  Risk,
  Audience,
  AudienceSummary,
  ReportPart,
  ReportSend,
  AgendaGroup,
  AgendaItem,
  AgendaKind,
  AgendaSection,
  AgendaView,
  ReviewCadence,
  VoteDraft,
  VotesImport,
  FacilitatorView,
  Workshop,
  WorkshopAction,
  WorkshopRecord,
  WorkshopSession,
  WorkshopSetup,
  DateFormat,
  Settings,
  Backup,
  ChosenFiles,
  MarkdownPlan,
  Mapping,
  TableMapping,
  MappingTarget,
  TargetChoice,
  UnmatchedTable,
  ExportTable,
  ImportMode,
  ImportedProject,
  ImportedBlock,
  MarkdownImport,
  MarkdownTarget,
  Recovery,
  TableFormat,
  TrashItem,
  TrashKind,
  ExportedReport,
  Paper,
  ReportKind,
  BaselineControl,
  Column,
  Compliance,
  SnapshotDraft,
  StarterAnswers,
  TableKind,
  TableRow,
  TableView,
  TriggerSuggestion,
  CategoryProgress,
  DeferReason,
  Gap,
  GapBulkChange,
  GapDraft,
  GapStatus,
  GapTemplate,
  GapTracker,
  LaunchBlockers,
  GapCounts,
  GapRow,
  GapsChanged,
  Priority,
  Verdict,
  AppStatus,
  Change,
  ComparisonRow,
  Decision,
  ErrorCode,
  ErrorPayload,
  Framework,
  Milestone,
  Pillar,
  PillarDraft,
  ScoreLevel,
  Scorecard,
  ScorecardTab,
  Summary,
  Trend,
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
  /** The window is interactive: starts the backend's background work (backups, reminders). */
  windowReady: () => call<null>('window_ready'),
  openLogFolder: () => call<null>('open_log_folder'),
  getSettings: () => call<Settings>('get_settings'),
  updateSettings: (settings: Settings) => call<Settings>('update_settings', { settings }),
  listProjects: (view: ProjectView) => call<Project[]>('list_projects', { view }),
  /**
   * What comes due within `days` (and everything overdue), narrowed to exactly `owner` and to
   * `project` (an id) when given: each group's count and its first `limit` items (1–10,000).
   */
  getAgenda: (days: number, owner: string | null, project: string | null, limit: number) =>
    call<AgendaView>('get_agenda', { days, owner, project, limit }),
  chooseCalendarPath: () => call<ChosenFiles | null>('choose_calendar_path'),
  exportCalendar: (file: string) => call<ExportedReport>('export_calendar', { file }),
  getReviewCadence: (id: string) => call<ReviewCadence>('get_review_cadence', { id }),
  setReviewCadence: (id: string, weeks: number | null) => call<ReviewCadence>('set_review_cadence', { id, weeks }),
  setProjectReminders: (id: string, on: boolean) => call<Project>('set_project_reminders', { id, on }),
  getProject: (id: string) => call<Project>('get_project', { id }),
  createProject: (draft: ProjectDraft, framework: string) =>
    call<Project>('create_project', { draft, framework }),
  updateProject: (id: string, draft: ProjectDraft) => call<Project>('update_project', { id, draft }),
  archiveProject: (id: string) => call<Project>('archive_project', { id }),
  unarchiveProject: (id: string) => call<Project>('unarchive_project', { id }),
  trashProject: (id: string) => call<Project>('trash_project', { id }),
  restoreProject: (id: string) => call<Project>('restore_project', { id }),
  purgeProject: (id: string) => call<null>('purge_project', { id }),

  listFrameworks: () => call<Framework[]>('list_frameworks'),
  saveAsFramework: (projectId: string, name: string) =>
    call<Framework>('save_as_framework', { projectId, name }),
  getScorecard: (projectId: string) => call<Scorecard>('get_scorecard', { projectId }),
  getScorecardTab: (projectId: string) => call<ScorecardTab>('get_scorecard_tab', { projectId }),
  addPillar: (projectId: string, draft: PillarDraft) => call<Pillar>('add_pillar', { projectId, draft }),
  updatePillar: (id: string, draft: PillarDraft) => call<Pillar>('update_pillar', { id, draft }),
  movePillar: (id: string, index: number) => call<Pillar[]>('move_pillar', { id, index }),
  removePillar: (id: string) => call<Pillar[]>('remove_pillar', { id }),
  takeMilestone: (projectId: string, name: string, takenOn: string) =>
    call<Milestone>('take_milestone', { projectId, name, takenOn }),
  listMilestones: (projectId: string) => call<Milestone[]>('list_milestones', { projectId }),
  renameMilestone: (id: string, name: string) => call<Milestone>('rename_milestone', { id, name }),
  trashMilestone: (id: string) => call<Milestone>('trash_milestone', { id }),
  restoreMilestone: (id: string) => call<Milestone>('restore_milestone', { id }),
  compareScorecards: (projectId: string, from: string | null, to: string | null) =>
    call<ComparisonRow[]>('compare_scorecards', { projectId, from, to }),
  getTrend: (projectId: string) => call<Trend>('get_trend', { projectId }),

  getLaunchBlockers: (projectId: string) => call<LaunchBlockers>('get_launch_blockers', { projectId }),
  getGapTracker: (projectId: string) => call<GapTracker>('get_gap_tracker', { projectId }),
  /** One gap whole, for its form (the tracker's list has its row only). */
  getGap: (id: string) => call<Gap>('get_gap', { id }),
  addGap: (projectId: string, draft: GapDraft) => call<GapsChanged>('add_gap', { projectId, draft }),
  updateGap: (id: string, draft: GapDraft) => call<GapsChanged>('update_gap', { id, draft }),
  /** The board's counts alone, after a change whose gaps the tracker puts in place itself. */
  trashGap: (id: string) => call<GapCounts | null>('trash_gap', { id }),
  restoreGap: (id: string) => call<null>('restore_gap', { id }),
  bulkUpdateGaps: (ids: string[], change: GapBulkChange) => call<GapsChanged>('bulk_update_gaps', { ids, change }),
  applyGapTemplate: (projectId: string, templateId: string) =>
    call<number>('apply_gap_template', { projectId, templateId }),

  getTable: (projectId: string, kind: TableKind) => call<TableView>('get_table', { projectId, kind }),
  addTableRow: (projectId: string, kind: TableKind, cells: Record<string, string>, index: number | null = null) =>
    call<TableRow>('add_table_row', { projectId, kind, cells, index }),
  setRowInternalNote: (id: string, note: string) => call<TableRow>('set_row_internal_note', { id, note }),
  updateTableRow: (id: string, cells: Record<string, string>) => call<TableRow>('update_table_row', { id, cells }),
  moveTableRow: (id: string, index: number) => call<TableRow[]>('move_table_row', { id, index }),
  trashTableRow: (id: string) => call<null>('trash_table_row', { id }),
  restoreTableRow: (id: string) => call<null>('restore_table_row', { id }),
  getCompliance: (projectId: string) => call<Compliance>('get_compliance', { projectId }),
  updateComplianceSnapshot: (projectId: string, draft: SnapshotDraft) =>
    call<Compliance>('update_compliance_snapshot', { projectId, draft }),
  addControl: (projectId: string, label: string) => call<BaselineControl>('add_control', { projectId, label }),
  updateControl: (id: string, label: string, done: boolean) =>
    call<BaselineControl>('update_control', { id, label, done }),
  removeControl: (id: string) => call<null>('remove_control', { id }),
  suggestTriggers: (answers: StarterAnswers) => call<TriggerSuggestion[]>('suggest_triggers', { answers }),

  chooseReportPath: (projectId: string, kind: ReportKind, asOfDate: string, audience: string | null = null) =>
    call<ChosenFiles | null>('choose_report_path', { projectId, kind, asOfDate, audience }),
  exportReport: (
    projectId: string,
    kind: ReportKind,
    paper: Paper,
    asOfDate: string,
    file: string,
    audience: string | null = null,
    recipient: string | null = null,
  ) => call<ExportedReport>('export_report', { projectId, kind, paper, asOfDate, audience, recipient, file }),
  listAudiences: () => call<AudienceSummary[]>('list_audiences'),
  describeAudience: (audience: Audience) => call<AudienceSummary>('describe_audience', { audience }),
  saveAudience: (audience: Audience) => call<Audience>('save_audience', { audience }),
  deleteAudience: (id: string) => call<null>('delete_audience', { id }),
  listReportLog: (projectId: string) => call<ReportSend[]>('list_report_log', { projectId }),
  getBrand: (project: string | null) => call<BrandView>('get_brand', { project }),
  setBrand: (project: string | null, organisation: string, accent: string) =>
    call<BrandView>('set_brand', { project, organisation, accent }),
  chooseLogoPath: () => call<ChosenFiles | null>('choose_logo_path'),
  chooseLensPath: () => call<ChosenFiles | null>('choose_lens_path'),
  importLens: (file: string) => call<LensImport>('import_lens', { file }),
  chooseLensExportPath: (framework: string) => call<ChosenFiles | null>('choose_lens_export_path', { framework }),
  exportLens: (framework: string, file: string) => call<ExportedReport>('export_lens', { framework, file }),
  getReview: (id: string) => call<Review>('get_review', { id }),
  openLink: (url: string) => call<null>('open_link', { url }),
  addImprovementGaps: (id: string, question: string | null, pillar: string | null) =>
    call<Improvements>('add_improvement_gaps', { id, question, pillar }),
  answerQuestion: (id: string, question: string, answer: Answer) =>
    call<Review>('answer_question', { id, question, answer }),
  addQuestion: (id: string, pillar: string, draft: QuestionDraft) =>
    call<PillarQuestion>('add_question', { id, pillar, draft }),
  editQuestion: (id: string, question: string, draft: QuestionDraft) =>
    call<QuestionEdit>('edit_question', { id, question, draft }),
  moveQuestion: (id: string, question: string, index: number) =>
    call<PillarQuestion[]>('move_question', { id, question, index }),
  deleteQuestion: (id: string, question: string) => call<PillarQuestion[]>('delete_question', { id, question }),
  setLogo: (project: string | null, file: string | null) => call<BrandView>('set_logo', { project, file }),
  openExportedFile: (token: string) => call<null>('open_exported_file', { token }),

  chooseDataPath: (projectId: string, table: ExportTable | null = null, format: TableFormat | null = null) =>
    call<ChosenFiles | null>('choose_data_path', { projectId, table, format }),
  exportProjectFile: (projectId: string, file: string) =>
    call<ExportedReport>('export_project_file', { projectId, file }),
  exportTable: (projectId: string, table: ExportTable, format: TableFormat, internal: boolean, file: string) =>
    call<ExportedReport>('export_table', { projectId, table, format, internal, file }),
  chooseImportPath: () => call<ChosenFiles | null>('choose_import_path'),
  chooseSharedFolder: (join: boolean) => call<ChosenFiles | null>('choose_shared_folder', { join }),
  getSharing: (project: string | null) => call<SharingView>('get_sharing', { project }),
  setDeviceName: (name: string) => call<string>('set_device_name', { name }),
  shareProject: (project: string, folder: string) => call<SyncReport>('share_project', { project, folder }),
  joinShared: (folder: string, name: string | null) => call<JoinedProject>('join_shared', { folder, name }),
  syncProject: (project: string) => call<SyncReport>('sync_project', { project }),
  resolveConflict: (project: string, path: string[], choice: number) =>
    call<SyncReport>('resolve_conflict', { project, path, choice }),
  getSharedHistory: (project: string) => call<HistoryEntry[]>('get_shared_history', { project }),
  importProjectFile: (file: string, mode: ImportMode) =>
    call<ImportedProject>('import_project_file', { file, mode }),
  chooseMarkdownPaths: (folder: boolean) => call<ChosenFiles | null>('choose_markdown_paths', { folder }),
  planMarkdownImport: (files: string) => call<MarkdownPlan>('plan_markdown_import', { files }),
  importMarkdown: (target: MarkdownTarget, files: string, mapping: Mapping | null = null) =>
    call<MarkdownImport>('import_markdown', { target, files, mapping }),
  saveImportMapping: (mapping: Mapping) => call<ExportedReport | null>('save_import_mapping', { mapping }),

  listBackups: () => call<Backup[]>('list_backups_of_database'),
  backupNow: () => call<Backup>('backup_now'),
  getRevision: () => call<number>('get_revision'),
  restoreBackup: (name: string) => call<Backup>('restore_backup', { name }),
  getRecovery: () => call<Recovery | null>('get_recovery'),
  recoverDatabase: (name: string) => call<null>('recover_database', { name }),
  startEmptyDatabase: () => call<null>('start_empty_database'),

  getTrash: () => call<TrashItem[]>('get_trash'),
  restoreFromTrash: (kind: TrashKind, id: string) => call<null>('restore_from_trash', { kind, id }),
  deleteFromTrash: (kind: TrashKind, id: string) => call<null>('delete_from_trash', { kind, id }),

  startWorkshop: (projectId: string, setup: WorkshopSetup) =>
    call<WorkshopSession>('start_workshop', { projectId, setup }),
  getWorkshop: () => call<WorkshopSession | null>('get_workshop'),
  workshopAction: (action: WorkshopAction) => call<FacilitatorView>('workshop_action', { action }),
  endWorkshop: () => call<WorkshopRecord>('end_workshop'),
  undoWorkshopEnd: (workshopId: string) => call<Workshop>('undo_workshop_end', { workshopId }),
  voteOnThisLaptop: (name: string, vote: VoteDraft) => call<LaptopVote>('vote_on_this_laptop', { name, vote }),
  chooseVotesPaths: () => call<ChosenFiles | null>('choose_votes_paths'),
  importWorkshopVotes: (files: string) => call<VotesImport>('import_workshop_votes', { files }),
  /** Calls `onChange` whenever anything in the running workshop changes (a vote, a join). */
  onWorkshopChanged: (onChange: () => void): Promise<UnlistenFn> => listen('workshop-changed', onChange),
  /** A sync wrote the team's changes into the project with this id. */
  onSharedChanged: (onChange: (project: string) => void): Promise<UnlistenFn> =>
    listen<string>('shared-changed', (event) => onChange(event.payload)),
};
