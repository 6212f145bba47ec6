-- Completion webhooks (io.dropwise.webhook): who asked to be told, each event to deliver, each attempt.

-- The notify target an owner (a job, a sweep, a batch prediction) named at submission. The secret is kept here, apart
-- from the owner's spec JSON (which the API shows), and is never returned by any route: it must stay readable to sign.
CREATE TABLE webhook_subscription (
    owner_kind  VARCHAR(16)              NOT NULL,
    owner_id    VARCHAR(64)              NOT NULL,
    url         VARCHAR(2048)            NOT NULL,
    secret      VARCHAR(256),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner_kind, owner_id)
);

-- One event to deliver: its body is frozen when it is scheduled, so every retry sends the same bytes under the same id.
CREATE TABLE webhook_delivery (
    id               VARCHAR(40)              NOT NULL PRIMARY KEY,
    owner_kind       VARCHAR(16)              NOT NULL,
    owner_id         VARCHAR(64)              NOT NULL,
    event_type       VARCHAR(64)              NOT NULL,
    url              VARCHAR(2048)            NOT NULL,
    secret           VARCHAR(256),
    payload          VARCHAR(16384)           NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    attempts         INTEGER                  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    delivered_at     TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(1000)
);

CREATE INDEX webhook_delivery_owner_idx ON webhook_delivery (owner_kind, owner_id);

CREATE TABLE webhook_attempt (
    delivery_id  VARCHAR(40)              NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt      INTEGER                  NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    status_code  INTEGER,
    error        VARCHAR(1000),
    PRIMARY KEY (delivery_id, attempt)
);

-- The deliveries' own db-scheduler queue (same layout as scheduled_tasks): a separate scheduler with its own few
-- threads runs them, so a slow receiver never holds a training worker and a long training queue never delays them.
CREATE TABLE webhook_tasks (
    task_name             VARCHAR(100)             NOT NULL,
    task_instance         VARCHAR(100)             NOT NULL,
    task_data             BYTEA,
    execution_time        TIMESTAMP WITH TIME ZONE NOT NULL,
    picked                BOOLEAN                  NOT NULL,
    picked_by             VARCHAR(255),
    last_success          TIMESTAMP WITH TIME ZONE,
    last_failure          TIMESTAMP WITH TIME ZONE,
    consecutive_failures  INTEGER,
    last_heartbeat        TIMESTAMP WITH TIME ZONE,
    version               BIGINT                   NOT NULL,
    priority              SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX webhook_tasks_execution_time_idx ON webhook_tasks (execution_time);
CREATE INDEX webhook_tasks_last_heartbeat_idx ON webhook_tasks (last_heartbeat);
CREATE INDEX webhook_tasks_priority_execution_time_idx ON webhook_tasks (priority DESC, execution_time ASC);
