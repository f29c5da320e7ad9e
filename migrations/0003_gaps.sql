-- 0003: the gap tracker — what was deliberately skipped and must be added before production —
-- and the gap templates that seed a project with items.

CREATE TABLE gaps (
    id                      TEXT PRIMARY KEY NOT NULL,
    project_id              TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position                INTEGER NOT NULL,
    title                   TEXT NOT NULL,
    category                TEXT NOT NULL,
    priority                TEXT NOT NULL DEFAULT 'recommended'
                            CHECK (priority IN ('critical', 'recommended', 'optional')),
    status                  TEXT NOT NULL DEFAULT 'open'
                            CHECK (status IN ('open', 'in_progress', 'done', 'deferred')),
    owner                   TEXT NOT NULL DEFAULT '',
    due_date                TEXT,                                  -- YYYY-MM-DD
    notes                   TEXT NOT NULL DEFAULT '',
    pillar_id               TEXT REFERENCES pillars (id) ON DELETE SET NULL,
    defer_reason            TEXT CHECK (defer_reason IN ('out_of_scope', 'business_priority',
                                'architecture_constraint', 'accepted_risk', 'other')),
    defer_note              TEXT NOT NULL DEFAULT '',
    revisit_on              TEXT,                                  -- YYYY-MM-DD
    -- The decision filter's three answers; NULL while unanswered.
    validates_architecture  INTEGER CHECK (validates_architecture IN (0, 1)),
    omission_invalidates    INTEGER CHECK (omission_invalidates IN (0, 1)),
    incremental_later       INTEGER CHECK (incremental_later IN (0, 1)),
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    trashed_at              TEXT,
    -- A deferred gap always says why and when to look again.
    CHECK (status <> 'deferred' OR (defer_reason IS NOT NULL AND revisit_on IS NOT NULL))
) STRICT;
CREATE INDEX gaps_project ON gaps (project_id, position);

CREATE TABLE gap_templates (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL
) STRICT;

CREATE TABLE gap_template_items (
    template_id  TEXT NOT NULL REFERENCES gap_templates (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    category     TEXT NOT NULL,
    priority     TEXT NOT NULL CHECK (priority IN ('critical', 'recommended', 'optional')),
    PRIMARY KEY (template_id, position)
) STRICT;

INSERT INTO gap_templates (id, name, description) VALUES
    ('poc-to-production', 'POC-to-production gap tracker',
     'Infrastructure, security, reliability, observability, operations and CI/CD items a proof of concept usually skips.'),
    ('core-hardening-audit', 'Core hardening audit',
     'First hardening pass: architecture boundaries, configuration and secrets, data touchpoints, operational fitness.'),
    ('readiness-checklist', 'Production readiness checklist (12 items)',
     'The twelve checks to pass before calling a product production-ready.');

INSERT INTO gap_template_items (template_id, position, title, category, priority) VALUES
    ('poc-to-production', 0, 'Multi-AZ deployment', 'Infrastructure', 'recommended'),
    ('poc-to-production', 1, 'Production-grade storage', 'Infrastructure', 'critical'),
    ('poc-to-production', 2, 'Load balancer with health checks', 'Infrastructure', 'critical'),
    ('poc-to-production', 3, 'DNS and TLS certificate management', 'Infrastructure', 'critical'),
    ('poc-to-production', 4, 'Autoscaling', 'Infrastructure', 'optional'),
    ('poc-to-production', 5, 'Network policies', 'Security', 'recommended'),
    ('poc-to-production', 6, 'Secrets manager', 'Security', 'critical'),
    ('poc-to-production', 7, 'Container image scanning', 'Security', 'recommended'),
    ('poc-to-production', 8, 'Least-privilege access', 'Security', 'critical'),
    ('poc-to-production', 9, 'Health checks', 'Reliability', 'critical'),
    ('poc-to-production', 10, 'Resource limits', 'Reliability', 'recommended'),
    ('poc-to-production', 11, 'Backup and restore', 'Reliability', 'critical'),
    ('poc-to-production', 12, 'Disaster recovery plan with RTO/RPO', 'Reliability', 'recommended'),
    ('poc-to-production', 13, 'Metrics stack', 'Observability', 'critical'),
    ('poc-to-production', 14, 'Centralised logs', 'Observability', 'critical'),
    ('poc-to-production', 15, 'Distributed tracing', 'Observability', 'optional'),
    ('poc-to-production', 16, 'Alert routing', 'Observability', 'critical'),
    ('poc-to-production', 17, 'Service level objectives (SLOs)', 'Observability', 'recommended'),
    ('poc-to-production', 18, 'Runbooks', 'Operations', 'recommended'),
    ('poc-to-production', 19, 'Upgrade and rollback procedure', 'Operations', 'critical'),
    ('poc-to-production', 20, 'Capacity planning and load test', 'Operations', 'recommended'),
    ('poc-to-production', 21, 'Cost monitoring', 'Operations', 'optional'),
    ('poc-to-production', 22, 'Compliance review', 'Operations', 'recommended'),
    ('poc-to-production', 23, 'Environment promotion (dev → staging → production)', 'CI/CD', 'recommended'),
    ('poc-to-production', 24, 'Canary or blue-green deployments', 'CI/CD', 'optional'),
    ('poc-to-production', 25, 'Automated rollback', 'CI/CD', 'recommended'),
    ('poc-to-production', 26, 'Integration and end-to-end test suites', 'CI/CD', 'critical'),
    ('poc-to-production', 27, 'Infrastructure as code', 'CI/CD', 'recommended'),
    ('core-hardening-audit', 0, 'HTTP handlers delegate to the application layer', 'Architecture', 'recommended'),
    ('core-hardening-audit', 1, 'Domain rules live in entities and value objects', 'Architecture', 'recommended'),
    ('core-hardening-audit', 2, 'Shared code has a single home', 'Architecture', 'optional'),
    ('core-hardening-audit', 3, 'Bounded contexts documented', 'Architecture', 'recommended'),
    ('core-hardening-audit', 4, 'Every required setting listed in an example env file', 'Configuration', 'recommended'),
    ('core-hardening-audit', 5, 'Runtime configuration validated at start-up', 'Configuration', 'critical'),
    ('core-hardening-audit', 6, 'No production secrets in the repository', 'Configuration', 'critical'),
    ('core-hardening-audit', 7, 'Secrets rotation policy documented', 'Configuration', 'recommended'),
    ('core-hardening-audit', 8, 'Sensitive fields classified', 'Data', 'recommended'),
    ('core-hardening-audit', 9, 'Encryption in transit and at rest confirmed', 'Data', 'critical'),
    ('core-hardening-audit', 10, 'Backups configured and restore drill completed', 'Data', 'critical'),
    ('core-hardening-audit', 11, 'Migration process documented and automated', 'Data', 'recommended'),
    ('core-hardening-audit', 12, 'Health endpoint covers database, queue and config drift', 'Operations', 'critical'),
    ('core-hardening-audit', 13, 'Alert routes defined', 'Operations', 'critical'),
    ('core-hardening-audit', 14, 'Runbooks for common incidents', 'Operations', 'recommended'),
    ('core-hardening-audit', 15, 'Error budget and latency SLIs recorded', 'Operations', 'recommended'),
    ('readiness-checklist', 0, 'Error handling on all API boundaries', 'Reliability', 'critical'),
    ('readiness-checklist', 1, 'Health check endpoint monitored', 'Observability', 'critical'),
    ('readiness-checklist', 2, 'Migration strategy documented and tested', 'Data', 'critical'),
    ('readiness-checklist', 3, 'Backup and restore verified', 'Reliability', 'critical'),
    ('readiness-checklist', 4, 'Input validation on all endpoints', 'Security', 'critical'),
    ('readiness-checklist', 5, 'Rate limiting per route', 'Security', 'recommended'),
    ('readiness-checklist', 6, 'Core Web Vitals passing on key pages', 'Reliability', 'recommended'),
    ('readiness-checklist', 7, 'Database queries profiled under load', 'Reliability', 'recommended'),
    ('readiness-checklist', 8, 'Structured logging with correlation IDs', 'Observability', 'recommended'),
    ('readiness-checklist', 9, 'Alerting with runbooks', 'Operations', 'critical'),
    ('readiness-checklist', 10, 'Architecture decisions documented', 'Documentation', 'recommended'),
    ('readiness-checklist', 11, 'Local dev setup under five minutes', 'Documentation', 'optional');
