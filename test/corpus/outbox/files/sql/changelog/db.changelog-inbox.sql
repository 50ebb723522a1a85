--liquibase formatted sql

--changeset shipping:1
CREATE TABLE consumed_messages (
    message_id  text        NOT NULL,
    topic       text        NOT NULL,
    consumed_at timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE consumed_messages;

--changeset shipping:2
CREATE INDEX consumed_messages_message_id_idx ON consumed_messages (message_id);
--rollback DROP INDEX consumed_messages_message_id_idx;

--changeset shipping:3
CREATE TABLE handled_commands (
    request_id  uuid        NOT NULL,
    handled_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX handled_commands_request_id_key ON handled_commands (request_id);
--rollback DROP TABLE handled_commands;
