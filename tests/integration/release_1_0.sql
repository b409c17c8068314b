-- The database of release 1.0 (commit 08f5425, the last before versioned migrations) with data in it:
-- two rounds of every life cycle of both kinds (tests/life_cycles.py) on Postgres, then
-- pg_dump --inserts --no-owner --no-privileges --no-comments, psql's meta-commands removed.
-- tests/integration/test_schema_migrations.py upgrades it.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: stored_event_uuid; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.stored_event_uuid AS (
	originator_id uuid,
	originator_version bigint,
	topic text,
	state bytea
);


--
-- Name: es_insert_events_uuid(public.stored_event_uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.es_insert_events_uuid(events public.stored_event_uuid[]) RETURNS SETOF bigint
    LANGUAGE plpgsql
    AS $$BEGIN    SET LOCAL lock_timeout = '0s';    NOTIFY "caseregistry_events";    RETURN QUERY    INSERT INTO "public"."caseregistry_events" AS t (    originator_id, originator_version, topic, state)    SELECT originator_id, originator_version, topic, state    FROM unnest(events)    RETURNING notification_id;END;$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: application_view; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.application_view (
    id text NOT NULL,
    number text NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    applicant_fin text NOT NULL,
    district text NOT NULL,
    intake_unit text NOT NULL,
    executing_unit text,
    executor_ids text NOT NULL,
    submitted_at text NOT NULL,
    search text NOT NULL,
    version integer NOT NULL,
    body text NOT NULL,
    public text NOT NULL
);


--
-- Name: caseregistry_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.caseregistry_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigint NOT NULL
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: caseregistry_events_notification_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.caseregistry_events_notification_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: caseregistry_events_notification_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.caseregistry_events_notification_id_seq OWNED BY public.caseregistry_events.notification_id;


--
-- Name: citizen_uploads; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.citizen_uploads (
    fin text NOT NULL,
    at bigint NOT NULL,
    bytes bigint NOT NULL
);


--
-- Name: deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deliveries (
    key text NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    channel text NOT NULL,
    application_id text NOT NULL,
    event_version integer NOT NULL,
    number text NOT NULL,
    recipient text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at double precision NOT NULL,
    claimed_at double precision,
    last_error text,
    recorded_at double precision NOT NULL,
    sent_at double precision
);


--
-- Name: documents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.documents (
    sha256 text NOT NULL,
    media_type text NOT NULL,
    size bigint NOT NULL,
    content bytea NOT NULL
);


--
-- Name: notice_recipients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notice_recipients (
    application_id text NOT NULL,
    number text NOT NULL,
    applicant_name text NOT NULL,
    kind_label text NOT NULL,
    email text,
    phone text
);


--
-- Name: number_series; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.number_series (
    series text NOT NULL,
    last bigint NOT NULL
);


--
-- Name: projection_position; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.projection_position (
    name text NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: caseregistry_events notification_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.caseregistry_events ALTER COLUMN notification_id SET DEFAULT nextval('public.caseregistry_events_notification_id_seq'::regclass);


--
-- Data for Name: application_view; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.application_view VALUES ('cf935623-512d-4e3d-b318-5150f42ffb47', 'TS-2026-000002', 'technical_conditions', 'withdrawn', '5ZK3P7Q', 'BIN', 'BIN', NULL, '||', '2026-12-02T05:53:26.524331+00:00', 'ts-2026-000002 rəşad əliyev binəqədi rayonu, biləcəri qəsəbəsi, ev 12/a ', 2, '{"id":"cf935623-512d-4e3d-b318-5150f42ffb47","number":"TS-2026-000002","kind":"technical_conditions","kind_label":"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması","status":"withdrawn","status_label":"Geri götürülüb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.524331Z","updated_at":"2026-12-02T05:53:26.544876Z","version":2,"applicant":{"fin":"5ZK3P7Q","first_name":"Rəşad","surname":"Əliyev","patronymic":"Vaqif oğlu","address":"Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12"},"applicant_name":"Rəşad Əliyev","district":"BIN","district_label":"Binəqədi rayonu","address":"Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A","details":{"purpose":"individual_house","place":"Biləcəri qəsəbəsi","place_not_in_list":false,"address_text":null,"house_number":"12","house_number_part":"A","on_behalf_of_another":false},"contact":{"phone":"+994501234567","email":"resad.aliyev@example.az"},"intake_unit":"BIN","executing_unit":null,"executors":[],"notes":[],"documents":[{"role":"address_document","sha256":"c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1","media_type":"application/pdf","size":335,"name":"çıxarış.pdf"}],"result_document":null,"act":null,"outcome":null,"reason_code":null,"reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.524331Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Withdrawn","at":"2026-12-02T05:53:26.544876Z","label":"Müraciət geri götürüldü","status":"withdrawn","actor_role":"citizen","visible_to_applicant":true}]}', '{"id":"cf935623-512d-4e3d-b318-5150f42ffb47","number":"TS-2026-000002","kind":"technical_conditions","kind_label":"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması","status":"withdrawn","status_label":"Geri götürülüb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.524331Z","version":2,"applicant_name":"Rəşad Əliyev","address":"Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A","notes":[],"result_document":null,"outcome":null,"reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.524331Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Withdrawn","at":"2026-12-02T05:53:26.544876Z","label":"Müraciət geri götürüldü","status":"withdrawn","actor_role":"citizen","visible_to_applicant":true}]}');
INSERT INTO public.application_view VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7', 'TS-2026-000001', 'technical_conditions', 'answered', '5ZK3P7Q', 'BIN', 'BIN', 'TSS', '|emp-7|', '2026-12-02T05:53:26.262747+00:00', 'ts-2026-000001 rəşad əliyev binəqədi rayonu, biləcəri qəsəbəsi, ev 12/a ', 6, '{"id":"b0393b68-555b-48d4-b293-3abe5b219fb7","number":"TS-2026-000001","kind":"technical_conditions","kind_label":"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.262747Z","updated_at":"2026-12-02T05:53:26.395392Z","version":6,"applicant":{"fin":"5ZK3P7Q","first_name":"Rəşad","surname":"Əliyev","patronymic":"Vaqif oğlu","address":"Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12"},"applicant_name":"Rəşad Əliyev","district":"BIN","district_label":"Binəqədi rayonu","address":"Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A","details":{"purpose":"individual_house","place":"Biləcəri qəsəbəsi","place_not_in_list":false,"address_text":null,"house_number":"12","house_number_part":"A","on_behalf_of_another":false},"contact":{"phone":"+994501234567","email":"resad.aliyev@example.az"},"intake_unit":"BIN","executing_unit":"TSS","executors":[{"id":"emp-7","name":"Elvin"}],"notes":[{"text":"Baxış sabah keçiriləcək.","visible_to_applicant":true,"at":"2026-12-02T05:53:26.338784Z","by":"Leyla Həsənova"}],"documents":[{"role":"address_document","sha256":"c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1","media_type":"application/pdf","size":335,"name":"çıxarış.pdf"}],"result_document":{"role":"result_document","sha256":"c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1","media_type":"application/pdf","size":335,"name":"şərtlər.pdf"},"act":null,"outcome":"fulfilled","reason_code":null,"reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.262747Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.285183Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":3,"type":"ExecutorAssigned","at":"2026-12-02T05:53:26.314978Z","label":"İcraçı təyin edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":false},{"version":4,"type":"NoteAdded","at":"2026-12-02T05:53:26.338784Z","label":"Qeyd əlavə edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":5,"type":"Executed","at":"2026-12-02T05:53:26.369740Z","label":"Müraciət icra olundu","status":"executed","actor_role":"employee","visible_to_applicant":true},{"version":6,"type":"Answered","at":"2026-12-02T05:53:26.395392Z","label":"Müraciət cavablandırıldı: İcra edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}', '{"id":"b0393b68-555b-48d4-b293-3abe5b219fb7","number":"TS-2026-000001","kind":"technical_conditions","kind_label":"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.262747Z","version":6,"applicant_name":"Rəşad Əliyev","address":"Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A","notes":[{"text":"Baxış sabah keçiriləcək.","visible_to_applicant":true,"at":"2026-12-02T05:53:26.338784Z","by":"Leyla Həsənova"}],"result_document":{"role":"result_document","sha256":"c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1","media_type":"application/pdf","size":335,"name":"şərtlər.pdf"},"outcome":"fulfilled","reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.262747Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.285183Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":4,"type":"NoteAdded","at":"2026-12-02T05:53:26.338784Z","label":"Qeyd əlavə edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":5,"type":"Executed","at":"2026-12-02T05:53:26.369740Z","label":"Müraciət icra olundu","status":"executed","actor_role":"employee","visible_to_applicant":true},{"version":6,"type":"Answered","at":"2026-12-02T05:53:26.395392Z","label":"Müraciət cavablandırıldı: İcra edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}');
INSERT INTO public.application_view VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931', 'SQ-2026-000003', 'meter_installation', 'answered', '5ZK3P7Q', 'BIN', 'BIN', 'SQS', '|emp-7|', '2026-12-02T05:53:26.616775+00:00', 'sq-2026-000003 rəşad əliyev binəqədi qəsəbəsi, ev 12 1001234567', 6, '{"id":"7a1a02eb-ccdf-41e0-a564-55a213e86931","number":"SQ-2026-000003","kind":"meter_installation","kind_label":"Su sayğaclarının quraşdırılması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.616775Z","updated_at":"2026-12-02T05:53:26.652762Z","version":6,"applicant":{"fin":"5ZK3P7Q","first_name":"Rəşad","surname":"Əliyev","patronymic":"Vaqif oğlu","address":"Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12"},"applicant_name":"Rəşad Əliyev","district":"BIN","district_label":"Binəqədi rayonu","address":"Binəqədi qəsəbəsi, ev 12","details":{"subscriber_code":"1001234567","reason":"new_meter","confirm_additional_meter":false,"description":"Həyətdə yeni sayğac quraşdırılması xahiş olunur.","subscriber":{"code":"1001234567","owner":"Əliyev Rəşad Vaqif oğlu","district":"BIN","address":"Binəqədi qəsəbəsi, ev 12","active_meters":[],"owner_fin":"5ZK3P7Q"}},"contact":{"phone":"+994557654321","email":"resad.aliyev@example.az"},"intake_unit":"BIN","executing_unit":"SQS","executors":[{"id":"emp-7","name":"Elvin"}],"notes":[{"text":"Baxış sabah keçiriləcək.","visible_to_applicant":true,"at":"2026-12-02T05:53:26.632536Z","by":"Leyla Həsənova"}],"documents":[],"result_document":{"role":"result_document","sha256":"77a06fb952117f359052f30f2c53d2f5f1a272ecd9e872db603158404e265399","media_type":"image/png","size":71,"name":"akt.png"},"act":{"kind":"installation","meter_serial":"AZ-SM-300001","initial_reading":0.0,"seal_number":"SL-1"},"outcome":"fulfilled","reason_code":null,"reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.616775Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.621896Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":3,"type":"ExecutorAssigned","at":"2026-12-02T05:53:26.627036Z","label":"İcraçı təyin edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":false},{"version":4,"type":"NoteAdded","at":"2026-12-02T05:53:26.632536Z","label":"Qeyd əlavə edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":5,"type":"Executed","at":"2026-12-02T05:53:26.645404Z","label":"Müraciət icra olundu","status":"executed","actor_role":"employee","visible_to_applicant":true},{"version":6,"type":"Answered","at":"2026-12-02T05:53:26.652762Z","label":"Müraciət cavablandırıldı: İcra edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}', '{"id":"7a1a02eb-ccdf-41e0-a564-55a213e86931","number":"SQ-2026-000003","kind":"meter_installation","kind_label":"Su sayğaclarının quraşdırılması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.616775Z","version":6,"applicant_name":"Rəşad Əliyev","address":"Binəqədi qəsəbəsi, ev 12","notes":[{"text":"Baxış sabah keçiriləcək.","visible_to_applicant":true,"at":"2026-12-02T05:53:26.632536Z","by":"Leyla Həsənova"}],"result_document":{"role":"result_document","sha256":"77a06fb952117f359052f30f2c53d2f5f1a272ecd9e872db603158404e265399","media_type":"image/png","size":71,"name":"akt.png"},"outcome":"fulfilled","reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.616775Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.621896Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":4,"type":"NoteAdded","at":"2026-12-02T05:53:26.632536Z","label":"Qeyd əlavə edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":5,"type":"Executed","at":"2026-12-02T05:53:26.645404Z","label":"Müraciət icra olundu","status":"executed","actor_role":"employee","visible_to_applicant":true},{"version":6,"type":"Answered","at":"2026-12-02T05:53:26.652762Z","label":"Müraciət cavablandırıldı: İcra edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}');
INSERT INTO public.application_view VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab', 'TS-2026-000003', 'technical_conditions', 'answered', '5ZK3P7Q', 'BIN', 'BIN', 'TSS', '|emp-7|', '2026-12-02T05:53:26.558910+00:00', 'ts-2026-000003 rəşad əliyev binəqədi rayonu, biləcəri qəsəbəsi, ev 12/a ', 6, '{"id":"04807575-22d5-459e-86ae-8ff25f2d51ab","number":"TS-2026-000003","kind":"technical_conditions","kind_label":"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.558910Z","updated_at":"2026-12-02T05:53:26.609551Z","version":6,"applicant":{"fin":"5ZK3P7Q","first_name":"Rəşad","surname":"Əliyev","patronymic":"Vaqif oğlu","address":"Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12"},"applicant_name":"Rəşad Əliyev","district":"BIN","district_label":"Binəqədi rayonu","address":"Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A","details":{"purpose":"individual_house","place":"Biləcəri qəsəbəsi","place_not_in_list":false,"address_text":null,"house_number":"12","house_number_part":"A","on_behalf_of_another":false},"contact":{"phone":"+994501234567","email":"resad.aliyev@example.az"},"intake_unit":"BIN","executing_unit":"TSS","executors":[{"id":"emp-7","name":"Elvin"}],"notes":[{"text":"Baxış sabah keçiriləcək.","visible_to_applicant":true,"at":"2026-12-02T05:53:26.590980Z","by":"Leyla Həsənova"}],"documents":[{"role":"address_document","sha256":"c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1","media_type":"application/pdf","size":335,"name":"çıxarış.pdf"}],"result_document":{"role":"result_document","sha256":"c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1","media_type":"application/pdf","size":335,"name":"şərtlər.pdf"},"act":null,"outcome":"fulfilled","reason_code":null,"reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.558910Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.572488Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":3,"type":"ExecutorAssigned","at":"2026-12-02T05:53:26.584102Z","label":"İcraçı təyin edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":false},{"version":4,"type":"NoteAdded","at":"2026-12-02T05:53:26.590980Z","label":"Qeyd əlavə edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":5,"type":"Executed","at":"2026-12-02T05:53:26.599568Z","label":"Müraciət icra olundu","status":"executed","actor_role":"employee","visible_to_applicant":true},{"version":6,"type":"Answered","at":"2026-12-02T05:53:26.609551Z","label":"Müraciət cavablandırıldı: İcra edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}', '{"id":"04807575-22d5-459e-86ae-8ff25f2d51ab","number":"TS-2026-000003","kind":"technical_conditions","kind_label":"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.558910Z","version":6,"applicant_name":"Rəşad Əliyev","address":"Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A","notes":[{"text":"Baxış sabah keçiriləcək.","visible_to_applicant":true,"at":"2026-12-02T05:53:26.590980Z","by":"Leyla Həsənova"}],"result_document":{"role":"result_document","sha256":"c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1","media_type":"application/pdf","size":335,"name":"şərtlər.pdf"},"outcome":"fulfilled","reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.558910Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.572488Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":4,"type":"NoteAdded","at":"2026-12-02T05:53:26.590980Z","label":"Qeyd əlavə edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":5,"type":"Executed","at":"2026-12-02T05:53:26.599568Z","label":"Müraciət icra olundu","status":"executed","actor_role":"employee","visible_to_applicant":true},{"version":6,"type":"Answered","at":"2026-12-02T05:53:26.609551Z","label":"Müraciət cavablandırıldı: İcra edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}');
INSERT INTO public.application_view VALUES ('a0031bed-0d87-4c47-a488-5f4456098907', 'SQ-2026-000001', 'meter_installation', 'answered', '5ZK3P7Q', 'BIN', 'BIN', 'SQS', '|emp-7|', '2026-12-02T05:53:26.411753+00:00', 'sq-2026-000001 rəşad əliyev binəqədi qəsəbəsi, ev 12 1001234567', 6, '{"id":"a0031bed-0d87-4c47-a488-5f4456098907","number":"SQ-2026-000001","kind":"meter_installation","kind_label":"Su sayğaclarının quraşdırılması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.411753Z","updated_at":"2026-12-02T05:53:26.479722Z","version":6,"applicant":{"fin":"5ZK3P7Q","first_name":"Rəşad","surname":"Əliyev","patronymic":"Vaqif oğlu","address":"Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12"},"applicant_name":"Rəşad Əliyev","district":"BIN","district_label":"Binəqədi rayonu","address":"Binəqədi qəsəbəsi, ev 12","details":{"subscriber_code":"1001234567","reason":"new_meter","confirm_additional_meter":false,"description":"Həyətdə yeni sayğac quraşdırılması xahiş olunur.","subscriber":{"code":"1001234567","owner":"Əliyev Rəşad Vaqif oğlu","district":"BIN","address":"Binəqədi qəsəbəsi, ev 12","active_meters":[],"owner_fin":"5ZK3P7Q"}},"contact":{"phone":"+994557654321","email":"resad.aliyev@example.az"},"intake_unit":"BIN","executing_unit":"SQS","executors":[{"id":"emp-7","name":"Elvin"}],"notes":[{"text":"Baxış sabah keçiriləcək.","visible_to_applicant":true,"at":"2026-12-02T05:53:26.455449Z","by":"Leyla Həsənova"}],"documents":[],"result_document":{"role":"result_document","sha256":"77a06fb952117f359052f30f2c53d2f5f1a272ecd9e872db603158404e265399","media_type":"image/png","size":71,"name":"akt.png"},"act":{"kind":"installation","meter_serial":"AZ-SM-300001","initial_reading":0.0,"seal_number":"SL-1"},"outcome":"fulfilled","reason_code":null,"reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.411753Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.435684Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":3,"type":"ExecutorAssigned","at":"2026-12-02T05:53:26.445235Z","label":"İcraçı təyin edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":false},{"version":4,"type":"NoteAdded","at":"2026-12-02T05:53:26.455449Z","label":"Qeyd əlavə edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":5,"type":"Executed","at":"2026-12-02T05:53:26.462576Z","label":"Müraciət icra olundu","status":"executed","actor_role":"employee","visible_to_applicant":true},{"version":6,"type":"Answered","at":"2026-12-02T05:53:26.479722Z","label":"Müraciət cavablandırıldı: İcra edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}', '{"id":"a0031bed-0d87-4c47-a488-5f4456098907","number":"SQ-2026-000001","kind":"meter_installation","kind_label":"Su sayğaclarının quraşdırılması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.411753Z","version":6,"applicant_name":"Rəşad Əliyev","address":"Binəqədi qəsəbəsi, ev 12","notes":[{"text":"Baxış sabah keçiriləcək.","visible_to_applicant":true,"at":"2026-12-02T05:53:26.455449Z","by":"Leyla Həsənova"}],"result_document":{"role":"result_document","sha256":"77a06fb952117f359052f30f2c53d2f5f1a272ecd9e872db603158404e265399","media_type":"image/png","size":71,"name":"akt.png"},"outcome":"fulfilled","reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.411753Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.435684Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":4,"type":"NoteAdded","at":"2026-12-02T05:53:26.455449Z","label":"Qeyd əlavə edildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":5,"type":"Executed","at":"2026-12-02T05:53:26.462576Z","label":"Müraciət icra olundu","status":"executed","actor_role":"employee","visible_to_applicant":true},{"version":6,"type":"Answered","at":"2026-12-02T05:53:26.479722Z","label":"Müraciət cavablandırıldı: İcra edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}');
INSERT INTO public.application_view VALUES ('01888770-85dd-46fe-89b9-2f493089292f', 'SQ-2026-000002', 'meter_installation', 'answered', '5ZK3P7Q', 'BIN', 'BIN', 'SQS', '||', '2026-12-02T05:53:26.490962+00:00', 'sq-2026-000002 rəşad əliyev binəqədi qəsəbəsi, ev 12 1001234567', 3, '{"id":"01888770-85dd-46fe-89b9-2f493089292f","number":"SQ-2026-000002","kind":"meter_installation","kind_label":"Su sayğaclarının quraşdırılması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.490962Z","updated_at":"2026-12-02T05:53:26.508432Z","version":3,"applicant":{"fin":"5ZK3P7Q","first_name":"Rəşad","surname":"Əliyev","patronymic":"Vaqif oğlu","address":"Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12"},"applicant_name":"Rəşad Əliyev","district":"BIN","district_label":"Binəqədi rayonu","address":"Binəqədi qəsəbəsi, ev 12","details":{"subscriber_code":"1001234567","reason":"new_meter","confirm_additional_meter":false,"description":"Həyətdə yeni sayğac quraşdırılması xahiş olunur.","subscriber":{"code":"1001234567","owner":"Əliyev Rəşad Vaqif oğlu","district":"BIN","address":"Binəqədi qəsəbəsi, ev 12","active_meters":[],"owner_fin":"5ZK3P7Q"}},"contact":{"phone":"+994557654321","email":"resad.aliyev@example.az"},"intake_unit":"BIN","executing_unit":"SQS","executors":[],"notes":[],"documents":[],"result_document":null,"act":null,"outcome":"refused","reason_code":"no_meter_in_stock","reason_label":"Sayğac ehtiyatı yoxdur","timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.490962Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.498906Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":3,"type":"Answered","at":"2026-12-02T05:53:26.508432Z","label":"Müraciət cavablandırıldı: İmtina edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}', '{"id":"01888770-85dd-46fe-89b9-2f493089292f","number":"SQ-2026-000002","kind":"meter_installation","kind_label":"Su sayğaclarının quraşdırılması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.490962Z","version":3,"applicant_name":"Rəşad Əliyev","address":"Binəqədi qəsəbəsi, ev 12","notes":[],"result_document":null,"outcome":"refused","reason_label":"Sayğac ehtiyatı yoxdur","timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.490962Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.498906Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":3,"type":"Answered","at":"2026-12-02T05:53:26.508432Z","label":"Müraciət cavablandırıldı: İmtina edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}');
INSERT INTO public.application_view VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8', 'SQ-2026-000004', 'meter_installation', 'answered', '5ZK3P7Q', 'BIN', 'BIN', 'SQS', '||', '2026-12-02T05:53:26.661527+00:00', 'sq-2026-000004 rəşad əliyev binəqədi qəsəbəsi, ev 12 1001234567', 3, '{"id":"41dfcf97-be69-4410-8546-e74c2d3d8cd8","number":"SQ-2026-000004","kind":"meter_installation","kind_label":"Su sayğaclarının quraşdırılması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.661527Z","updated_at":"2026-12-02T05:53:26.671594Z","version":3,"applicant":{"fin":"5ZK3P7Q","first_name":"Rəşad","surname":"Əliyev","patronymic":"Vaqif oğlu","address":"Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12"},"applicant_name":"Rəşad Əliyev","district":"BIN","district_label":"Binəqədi rayonu","address":"Binəqədi qəsəbəsi, ev 12","details":{"subscriber_code":"1001234567","reason":"new_meter","confirm_additional_meter":false,"description":"Həyətdə yeni sayğac quraşdırılması xahiş olunur.","subscriber":{"code":"1001234567","owner":"Əliyev Rəşad Vaqif oğlu","district":"BIN","address":"Binəqədi qəsəbəsi, ev 12","active_meters":[],"owner_fin":"5ZK3P7Q"}},"contact":{"phone":"+994557654321","email":"resad.aliyev@example.az"},"intake_unit":"BIN","executing_unit":"SQS","executors":[],"notes":[],"documents":[],"result_document":null,"act":null,"outcome":"refused","reason_code":"no_meter_in_stock","reason_label":"Sayğac ehtiyatı yoxdur","timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.661527Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.666509Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":3,"type":"Answered","at":"2026-12-02T05:53:26.671594Z","label":"Müraciət cavablandırıldı: İmtina edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}', '{"id":"41dfcf97-be69-4410-8546-e74c2d3d8cd8","number":"SQ-2026-000004","kind":"meter_installation","kind_label":"Su sayğaclarının quraşdırılması","status":"answered","status_label":"Cavablandırılıb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.661527Z","version":3,"applicant_name":"Rəşad Əliyev","address":"Binəqədi qəsəbəsi, ev 12","notes":[],"result_document":null,"outcome":"refused","reason_label":"Sayğac ehtiyatı yoxdur","timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.661527Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Routed","at":"2026-12-02T05:53:26.666509Z","label":"Müraciət icraya yönləndirildi","status":"in_progress","actor_role":"employee","visible_to_applicant":true},{"version":3,"type":"Answered","at":"2026-12-02T05:53:26.671594Z","label":"Müraciət cavablandırıldı: İmtina edilib","status":"answered","actor_role":"employee","visible_to_applicant":true}]}');
INSERT INTO public.application_view VALUES ('27afb4f0-e00c-497e-9286-6b7762e8699b', 'TS-2026-000004', 'technical_conditions', 'withdrawn', '5ZK3P7Q', 'BIN', 'BIN', NULL, '||', '2026-12-02T05:53:26.689188+00:00', 'ts-2026-000004 rəşad əliyev binəqədi rayonu, biləcəri qəsəbəsi, ev 12/a ', 2, '{"id":"27afb4f0-e00c-497e-9286-6b7762e8699b","number":"TS-2026-000004","kind":"technical_conditions","kind_label":"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması","status":"withdrawn","status_label":"Geri götürülüb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.689188Z","updated_at":"2026-12-02T05:53:26.702661Z","version":2,"applicant":{"fin":"5ZK3P7Q","first_name":"Rəşad","surname":"Əliyev","patronymic":"Vaqif oğlu","address":"Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12"},"applicant_name":"Rəşad Əliyev","district":"BIN","district_label":"Binəqədi rayonu","address":"Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A","details":{"purpose":"individual_house","place":"Biləcəri qəsəbəsi","place_not_in_list":false,"address_text":null,"house_number":"12","house_number_part":"A","on_behalf_of_another":false},"contact":{"phone":"+994501234567","email":"resad.aliyev@example.az"},"intake_unit":"BIN","executing_unit":null,"executors":[],"notes":[],"documents":[{"role":"address_document","sha256":"c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1","media_type":"application/pdf","size":335,"name":"çıxarış.pdf"}],"result_document":null,"act":null,"outcome":null,"reason_code":null,"reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.689188Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Withdrawn","at":"2026-12-02T05:53:26.702661Z","label":"Müraciət geri götürüldü","status":"withdrawn","actor_role":"citizen","visible_to_applicant":true}]}', '{"id":"27afb4f0-e00c-497e-9286-6b7762e8699b","number":"TS-2026-000004","kind":"technical_conditions","kind_label":"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması","status":"withdrawn","status_label":"Geri götürülüb","source":"e-gov","source_label":"Elektron hökumət portalı (e-gov.az)","submitted_at":"2026-12-02T05:53:26.689188Z","version":2,"applicant_name":"Rəşad Əliyev","address":"Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A","notes":[],"result_document":null,"outcome":null,"reason_label":null,"timeline":[{"version":1,"type":"Submitted","at":"2026-12-02T05:53:26.689188Z","label":"Müraciət qeydiyyata alındı","status":"registered","actor_role":"citizen","visible_to_applicant":true},{"version":2,"type":"Withdrawn","at":"2026-12-02T05:53:26.702661Z","label":"Müraciət geri götürüldü","status":"withdrawn","actor_role":"citizen","visible_to_applicant":true}]}');


--
-- Data for Name: caseregistry_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.caseregistry_events VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7', 1, 'azersu.cases:Application.Submitted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3236323734372b30303a3030227d2c226f726967696e61746f725f746f706963223a22617a657273752e63617365733a4170706c69636174696f6e222c226e756d626572223a2254532d323032362d303030303031222c226b696e64223a22746563686e6963616c5f636f6e646974696f6e73222c226170706c6963616e74223a7b2266696e223a22355a4b33503751222c2266697273745f6e616d65223a2252c999c59f6164222c227375726e616d65223a22c68f6c69796576222c22706174726f6e796d6963223a225661716966206fc49f6c75222c2261646472657373223a2242616bc4b120c59fc99968c99972692c2042696ec99971c9996469207261796f6e752c2042696cc99963c99972692071c99973c99962c99973692c206576203132227d2c2264657461696c73223a7b22707572706f7365223a22696e646976696475616c5f686f757365222c22706c616365223a2242696cc99963c99972692071c99973c99962c9997369222c22706c6163655f6e6f745f696e5f6c697374223a66616c73652c22616464726573735f74657874223a6e756c6c2c22686f7573655f6e756d626572223a223132222c22686f7573655f6e756d6265725f70617274223a2241222c226f6e5f626568616c665f6f665f616e6f74686572223a66616c73657d2c22636f6e74616374223a7b2270686f6e65223a222b393934353031323334353637222c22656d61696c223a2272657361642e616c69796576406578616d706c652e617a227d2c22646f63756d656e7473223a5b7b22726f6c65223a22616464726573735f646f63756d656e74222c22736861323536223a2263313031326436393739383166346333356234646536626461623662383035393739346666353536393739353234646163306237386363353439356665346331222c226d656469615f74797065223a226170706c69636174696f6e2f706466222c2273697a65223a3333352c226e616d65223a22c3a7c4b1786172c4b1c59f2e706466227d5d2c226469737472696374223a2242494e222c22696e74616b655f756e6974223a2242494e222c2266696e6765727072696e74223a2232306363643438663436393639613739616365333238323132646361393230326366613733346334383933613864316333353936383733333037396439373539222c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2266353835373162636334663231643034363564643138643764633434356330656366623765633162656335363661666430613735636539363835313339653436222c22636c6173735f76657273696f6e223a327d', 1);
INSERT INTO public.caseregistry_events VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7', 2, 'azersu.cases:Application.Routed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3238353138332b30303a3030227d2c22756e6974223a22545353222c22636f6e74657874223a7b227375626a656374223a22656d702d42494e222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a2242494e222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d42494e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2266353835373162636334663231643034363564643138643764633434356330656366623765633162656335363661666430613735636539363835313339653436222c2268617368223a2236373435383162626636623036356332306534343463376538373663613532303936633037333336346537633837386164346662633532343835376439623066222c22636c6173735f76657273696f6e223a327d', 2);
INSERT INTO public.caseregistry_events VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7', 3, 'azersu.cases:Application.ExecutorAssigned', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3331343937382b30303a3030227d2c226578656375746f7273223a5b7b226964223a22656d702d37222c226e616d65223a22456c76696e227d5d2c22636f6e74657874223a7b227375626a656374223a22656d702d545353222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22545353222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d545353222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2236373435383162626636623036356332306534343463376538373663613532303936633037333336346537633837386164346662633532343835376439623066222c2268617368223a2234636436363739353032323738323434616334613335313066303865613863363234303963353731623638633164636330653637376262393730343865353363222c22636c6173735f76657273696f6e223a327d', 3);
INSERT INTO public.caseregistry_events VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7', 4, 'azersu.cases:Application.NoteAdded', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3333383738342b30303a3030227d2c2274657874223a22426178c4b1c59f207361626168206b65c3a76972696cc99963c9996b2e222c2276697369626c655f746f5f6170706c6963616e74223a747275652c22636f6e74657874223a7b227375626a656374223a22656d702d545353222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22545353222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d545353222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2234636436363739353032323738323434616334613335313066303865613863363234303963353731623638633164636330653637376262393730343865353363222c2268617368223a2234373537656164626662666564323962653234313635626439656332366438343361623036393832326561343930306436336465396231393435343030356134222c22636c6173735f76657273696f6e223a327d', 4);
INSERT INTO public.caseregistry_events VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7', 5, 'azersu.cases:Application.Executed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3336393734302b30303a3030227d2c22726573756c745f646f63756d656e74223a7b22726f6c65223a22726573756c745f646f63756d656e74222c22736861323536223a2263313031326436393739383166346333356234646536626461623662383035393739346666353536393739353234646163306237386363353439356665346331222c226d656469615f74797065223a226170706c69636174696f6e2f706466222c2273697a65223a3333352c226e616d65223a22c59fc99972746cc999722e706466227d2c22616374223a6e756c6c2c22636f6e74657874223a7b227375626a656374223a22656d702d545353222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22545353222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d545353222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2234373537656164626662666564323962653234313635626439656332366438343361623036393832326561343930306436336465396231393435343030356134222c2268617368223a2233663165653630326136376166636261323235356338333234323434613061626332363562366364616165633834383038323133353439383038356561306331222c22636c6173735f76657273696f6e223a327d', 5);
INSERT INTO public.caseregistry_events VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7', 6, 'azersu.cases:Application.Answered', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3339353339322b30303a3030227d2c226f7574636f6d65223a2266756c66696c6c6564222c22726561736f6e5f636f6465223a6e756c6c2c22636f6e74657874223a7b227375626a656374223a22656d702d545353222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22545353222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d545353222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2233663165653630326136376166636261323235356338333234323434613061626332363562366364616165633834383038323133353439383038356561306331222c2268617368223a2264643433666233373135336231633636366330363232656231303438313664303939303333343964323662396664643362653963383236313435366131346234222c22636c6173735f76657273696f6e223a327d', 6);
INSERT INTO public.caseregistry_events VALUES ('a0031bed-0d87-4c47-a488-5f4456098907', 1, 'azersu.cases:Application.Submitted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3431313735332b30303a3030227d2c226f726967696e61746f725f746f706963223a22617a657273752e63617365733a4170706c69636174696f6e222c226e756d626572223a2253512d323032362d303030303031222c226b696e64223a226d657465725f696e7374616c6c6174696f6e222c226170706c6963616e74223a7b2266696e223a22355a4b33503751222c2266697273745f6e616d65223a2252c999c59f6164222c227375726e616d65223a22c68f6c69796576222c22706174726f6e796d6963223a225661716966206fc49f6c75222c2261646472657373223a2242616bc4b120c59fc99968c99972692c2042696ec99971c9996469207261796f6e752c2042696cc99963c99972692071c99973c99962c99973692c206576203132227d2c2264657461696c73223a7b22737562736372696265725f636f6465223a2231303031323334353637222c22726561736f6e223a226e65775f6d65746572222c22636f6e6669726d5f6164646974696f6e616c5f6d65746572223a66616c73652c226465736372697074696f6e223a2248c99979c9997464c9992079656e6920736179c49f61632071757261c59f64c4b172c4b16c6d6173c4b12078616869c59f206f6c756e75722e222c2273756273637269626572223a7b22636f6465223a2231303031323334353637222c226f776e6572223a22c68f6c697965762052c999c59f6164205661716966206fc49f6c75222c226469737472696374223a2242494e222c2261646472657373223a2242696ec99971c99964692071c99973c99962c99973692c206576203132222c226163746976655f6d6574657273223a5b5d2c226f776e65725f66696e223a22355a4b33503751227d7d2c22636f6e74616374223a7b2270686f6e65223a222b393934353537363534333231222c22656d61696c223a2272657361642e616c69796576406578616d706c652e617a227d2c22646f63756d656e7473223a5b5d2c226469737472696374223a2242494e222c22696e74616b655f756e6974223a2242494e222c2266696e6765727072696e74223a2262303462653331313430666333323037376336363762613836316561353436366331313761303336333935343237366339353531303539663135623064306431222c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2266623831333364393936303061626235303733366138356430663962366437383861333766373037643464343737323466333136616533306266363435643438222c22636c6173735f76657273696f6e223a327d', 7);
INSERT INTO public.caseregistry_events VALUES ('a0031bed-0d87-4c47-a488-5f4456098907', 2, 'azersu.cases:Application.Routed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3433353638342b30303a3030227d2c22756e6974223a22535153222c22636f6e74657874223a7b227375626a656374223a22656d702d42494e222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a2242494e222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d42494e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2266623831333364393936303061626235303733366138356430663962366437383861333766373037643464343737323466333136616533306266363435643438222c2268617368223a2238373336656332336161343935666162383065306363653065363033343934393138393462633630363132313361366464646661373435643333383661303239222c22636c6173735f76657273696f6e223a327d', 8);
INSERT INTO public.caseregistry_events VALUES ('a0031bed-0d87-4c47-a488-5f4456098907', 3, 'azersu.cases:Application.ExecutorAssigned', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3434353233352b30303a3030227d2c226578656375746f7273223a5b7b226964223a22656d702d37222c226e616d65223a22456c76696e227d5d2c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2238373336656332336161343935666162383065306363653065363033343934393138393462633630363132313361366464646661373435643333383661303239222c2268617368223a2233643762653237363139616237383439326638633636626662366532626362353261373635656166656130656337396566336537376333393663663331323338222c22636c6173735f76657273696f6e223a327d', 9);
INSERT INTO public.caseregistry_events VALUES ('a0031bed-0d87-4c47-a488-5f4456098907', 4, 'azersu.cases:Application.NoteAdded', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3435353434392b30303a3030227d2c2274657874223a22426178c4b1c59f207361626168206b65c3a76972696cc99963c9996b2e222c2276697369626c655f746f5f6170706c6963616e74223a747275652c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2233643762653237363139616237383439326638633636626662366532626362353261373635656166656130656337396566336537376333393663663331323338222c2268617368223a2232313561306433363762303331626164623361356639386163646536303066663662623634383436386164646462346138633961393130363864363537386238222c22636c6173735f76657273696f6e223a327d', 10);
INSERT INTO public.caseregistry_events VALUES ('a0031bed-0d87-4c47-a488-5f4456098907', 5, 'azersu.cases:Application.Executed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3436323537362b30303a3030227d2c22726573756c745f646f63756d656e74223a7b22726f6c65223a22726573756c745f646f63756d656e74222c22736861323536223a2237376130366662393532313137663335393035326633306632633533643266356631613237326563643965383732646236303331353834303465323635333939222c226d656469615f74797065223a22696d6167652f706e67222c2273697a65223a37312c226e616d65223a22616b742e706e67227d2c22616374223a7b226b696e64223a22696e7374616c6c6174696f6e222c226d657465725f73657269616c223a22415a2d534d2d333030303031222c22696e697469616c5f72656164696e67223a302e302c227365616c5f6e756d626572223a22534c2d31227d2c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2232313561306433363762303331626164623361356639386163646536303066663662623634383436386164646462346138633961393130363864363537386238222c2268617368223a2238356131373433623435393837366665396264366337336466393031616130666638663232616333336362643233363432653430363931356233376364643434222c22636c6173735f76657273696f6e223a327d', 11);
INSERT INTO public.caseregistry_events VALUES ('a0031bed-0d87-4c47-a488-5f4456098907', 6, 'azersu.cases:Application.Answered', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3437393732322b30303a3030227d2c226f7574636f6d65223a2266756c66696c6c6564222c22726561736f6e5f636f6465223a6e756c6c2c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2238356131373433623435393837366665396264366337336466393031616130666638663232616333336362643233363432653430363931356233376364643434222c2268617368223a2236316330646438333137643831616635356132393832376663663264306230336334613866363163303834353162373063343365353434326331653232663161222c22636c6173735f76657273696f6e223a327d', 12);
INSERT INTO public.caseregistry_events VALUES ('01888770-85dd-46fe-89b9-2f493089292f', 1, 'azersu.cases:Application.Submitted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3439303936322b30303a3030227d2c226f726967696e61746f725f746f706963223a22617a657273752e63617365733a4170706c69636174696f6e222c226e756d626572223a2253512d323032362d303030303032222c226b696e64223a226d657465725f696e7374616c6c6174696f6e222c226170706c6963616e74223a7b2266696e223a22355a4b33503751222c2266697273745f6e616d65223a2252c999c59f6164222c227375726e616d65223a22c68f6c69796576222c22706174726f6e796d6963223a225661716966206fc49f6c75222c2261646472657373223a2242616bc4b120c59fc99968c99972692c2042696ec99971c9996469207261796f6e752c2042696cc99963c99972692071c99973c99962c99973692c206576203132227d2c2264657461696c73223a7b22737562736372696265725f636f6465223a2231303031323334353637222c22726561736f6e223a226e65775f6d65746572222c22636f6e6669726d5f6164646974696f6e616c5f6d65746572223a66616c73652c226465736372697074696f6e223a2248c99979c9997464c9992079656e6920736179c49f61632071757261c59f64c4b172c4b16c6d6173c4b12078616869c59f206f6c756e75722e222c2273756273637269626572223a7b22636f6465223a2231303031323334353637222c226f776e6572223a22c68f6c697965762052c999c59f6164205661716966206fc49f6c75222c226469737472696374223a2242494e222c2261646472657373223a2242696ec99971c99964692071c99973c99962c99973692c206576203132222c226163746976655f6d6574657273223a5b5d2c226f776e65725f66696e223a22355a4b33503751227d7d2c22636f6e74616374223a7b2270686f6e65223a222b393934353537363534333231222c22656d61696c223a2272657361642e616c69796576406578616d706c652e617a227d2c22646f63756d656e7473223a5b5d2c226469737472696374223a2242494e222c22696e74616b655f756e6974223a2242494e222c2266696e6765727072696e74223a2262303462653331313430666333323037376336363762613836316561353436366331313761303336333935343237366339353531303539663135623064306431222c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2264323437323036396463326130313835646632323733316566643730653565633532653631313661666136303734303630666139316537633730623230363735222c22636c6173735f76657273696f6e223a327d', 13);
INSERT INTO public.caseregistry_events VALUES ('01888770-85dd-46fe-89b9-2f493089292f', 2, 'azersu.cases:Application.Routed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3439383930362b30303a3030227d2c22756e6974223a22535153222c22636f6e74657874223a7b227375626a656374223a22656d702d42494e222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a2242494e222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d42494e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2264323437323036396463326130313835646632323733316566643730653565633532653631313661666136303734303630666139316537633730623230363735222c2268617368223a2233373030336334633863653333666638363835356333613363303366343563323336373231663666316339333764376262333832313430663463326461646433222c22636c6173735f76657273696f6e223a327d', 14);
INSERT INTO public.caseregistry_events VALUES ('01888770-85dd-46fe-89b9-2f493089292f', 3, 'azersu.cases:Application.Answered', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3530383433322b30303a3030227d2c226f7574636f6d65223a2272656675736564222c22726561736f6e5f636f6465223a226e6f5f6d657465725f696e5f73746f636b222c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2233373030336334633863653333666638363835356333613363303366343563323336373231663666316339333764376262333832313430663463326461646433222c2268617368223a2238613933343034636233633036303865396166633330333765373835646232396361663962353931393062353466353937313566613263666266353461336464222c22636c6173735f76657273696f6e223a327d', 15);
INSERT INTO public.caseregistry_events VALUES ('cf935623-512d-4e3d-b318-5150f42ffb47', 2, 'azersu.cases:Application.Withdrawn', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3534343837362b30303a3030227d2c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2264653036323035333538363136326665396466643535386432363635343236363237303366356636313865306135323435336464356663393831306638366639222c2268617368223a2232626163623962366366613234626563393935376364336435396264323831663131306332643639393663353361393932383230386131626662346334623862222c22636c6173735f76657273696f6e223a327d', 17);
INSERT INTO public.caseregistry_events VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931', 1, 'azersu.cases:Application.Submitted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3631363737352b30303a3030227d2c226f726967696e61746f725f746f706963223a22617a657273752e63617365733a4170706c69636174696f6e222c226e756d626572223a2253512d323032362d303030303033222c226b696e64223a226d657465725f696e7374616c6c6174696f6e222c226170706c6963616e74223a7b2266696e223a22355a4b33503751222c2266697273745f6e616d65223a2252c999c59f6164222c227375726e616d65223a22c68f6c69796576222c22706174726f6e796d6963223a225661716966206fc49f6c75222c2261646472657373223a2242616bc4b120c59fc99968c99972692c2042696ec99971c9996469207261796f6e752c2042696cc99963c99972692071c99973c99962c99973692c206576203132227d2c2264657461696c73223a7b22737562736372696265725f636f6465223a2231303031323334353637222c22726561736f6e223a226e65775f6d65746572222c22636f6e6669726d5f6164646974696f6e616c5f6d65746572223a66616c73652c226465736372697074696f6e223a2248c99979c9997464c9992079656e6920736179c49f61632071757261c59f64c4b172c4b16c6d6173c4b12078616869c59f206f6c756e75722e222c2273756273637269626572223a7b22636f6465223a2231303031323334353637222c226f776e6572223a22c68f6c697965762052c999c59f6164205661716966206fc49f6c75222c226469737472696374223a2242494e222c2261646472657373223a2242696ec99971c99964692071c99973c99962c99973692c206576203132222c226163746976655f6d6574657273223a5b5d2c226f776e65725f66696e223a22355a4b33503751227d7d2c22636f6e74616374223a7b2270686f6e65223a222b393934353537363534333231222c22656d61696c223a2272657361642e616c69796576406578616d706c652e617a227d2c22646f63756d656e7473223a5b5d2c226469737472696374223a2242494e222c22696e74616b655f756e6974223a2242494e222c2266696e6765727072696e74223a2262303462653331313430666333323037376336363762613836316561353436366331313761303336333935343237366339353531303539663135623064306431222c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2237343939363536373665313338333665663335303063323162353335633864663962323131386232336230396430653635636233366236633239353037636666222c22636c6173735f76657273696f6e223a327d', 24);
INSERT INTO public.caseregistry_events VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931', 2, 'azersu.cases:Application.Routed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3632313839362b30303a3030227d2c22756e6974223a22535153222c22636f6e74657874223a7b227375626a656374223a22656d702d42494e222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a2242494e222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d42494e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2237343939363536373665313338333665663335303063323162353335633864663962323131386232336230396430653635636233366236633239353037636666222c2268617368223a2265616434633361666361613365306164636631363965666664383865613639626331623338366464643234386131623832633163353731663736666137333462222c22636c6173735f76657273696f6e223a327d', 25);
INSERT INTO public.caseregistry_events VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931', 3, 'azersu.cases:Application.ExecutorAssigned', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3632373033362b30303a3030227d2c226578656375746f7273223a5b7b226964223a22656d702d37222c226e616d65223a22456c76696e227d5d2c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2265616434633361666361613365306164636631363965666664383865613639626331623338366464643234386131623832633163353731663736666137333462222c2268617368223a2231633330643332386634313731366462396666626664396563656536353432613964396262306232383438323732366439613137646432313832343166336433222c22636c6173735f76657273696f6e223a327d', 26);
INSERT INTO public.caseregistry_events VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931', 4, 'azersu.cases:Application.NoteAdded', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3633323533362b30303a3030227d2c2274657874223a22426178c4b1c59f207361626168206b65c3a76972696cc99963c9996b2e222c2276697369626c655f746f5f6170706c6963616e74223a747275652c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2231633330643332386634313731366462396666626664396563656536353432613964396262306232383438323732366439613137646432313832343166336433222c2268617368223a2233353761393365363362363430363931343833373962343861373439316638343536316234323230336437623365326461383538376635616562346438666462222c22636c6173735f76657273696f6e223a327d', 27);
INSERT INTO public.caseregistry_events VALUES ('cf935623-512d-4e3d-b318-5150f42ffb47', 1, 'azersu.cases:Application.Submitted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3532343333312b30303a3030227d2c226f726967696e61746f725f746f706963223a22617a657273752e63617365733a4170706c69636174696f6e222c226e756d626572223a2254532d323032362d303030303032222c226b696e64223a22746563686e6963616c5f636f6e646974696f6e73222c226170706c6963616e74223a7b2266696e223a22355a4b33503751222c2266697273745f6e616d65223a2252c999c59f6164222c227375726e616d65223a22c68f6c69796576222c22706174726f6e796d6963223a225661716966206fc49f6c75222c2261646472657373223a2242616bc4b120c59fc99968c99972692c2042696ec99971c9996469207261796f6e752c2042696cc99963c99972692071c99973c99962c99973692c206576203132227d2c2264657461696c73223a7b22707572706f7365223a22696e646976696475616c5f686f757365222c22706c616365223a2242696cc99963c99972692071c99973c99962c9997369222c22706c6163655f6e6f745f696e5f6c697374223a66616c73652c22616464726573735f74657874223a6e756c6c2c22686f7573655f6e756d626572223a223132222c22686f7573655f6e756d6265725f70617274223a2241222c226f6e5f626568616c665f6f665f616e6f74686572223a66616c73657d2c22636f6e74616374223a7b2270686f6e65223a222b393934353031323334353637222c22656d61696c223a2272657361642e616c69796576406578616d706c652e617a227d2c22646f63756d656e7473223a5b7b22726f6c65223a22616464726573735f646f63756d656e74222c22736861323536223a2263313031326436393739383166346333356234646536626461623662383035393739346666353536393739353234646163306237386363353439356665346331222c226d656469615f74797065223a226170706c69636174696f6e2f706466222c2273697a65223a3333352c226e616d65223a22c3a7c4b1786172c4b1c59f2e706466227d5d2c226469737472696374223a2242494e222c22696e74616b655f756e6974223a2242494e222c2266696e6765727072696e74223a2232306363643438663436393639613739616365333238323132646361393230326366613733346334383933613864316333353936383733333037396439373539222c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2264653036323035333538363136326665396466643535386432363635343236363237303366356636313865306135323435336464356663393831306638366639222c22636c6173735f76657273696f6e223a327d', 16);
INSERT INTO public.caseregistry_events VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab', 1, 'azersu.cases:Application.Submitted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3535383931302b30303a3030227d2c226f726967696e61746f725f746f706963223a22617a657273752e63617365733a4170706c69636174696f6e222c226e756d626572223a2254532d323032362d303030303033222c226b696e64223a22746563686e6963616c5f636f6e646974696f6e73222c226170706c6963616e74223a7b2266696e223a22355a4b33503751222c2266697273745f6e616d65223a2252c999c59f6164222c227375726e616d65223a22c68f6c69796576222c22706174726f6e796d6963223a225661716966206fc49f6c75222c2261646472657373223a2242616bc4b120c59fc99968c99972692c2042696ec99971c9996469207261796f6e752c2042696cc99963c99972692071c99973c99962c99973692c206576203132227d2c2264657461696c73223a7b22707572706f7365223a22696e646976696475616c5f686f757365222c22706c616365223a2242696cc99963c99972692071c99973c99962c9997369222c22706c6163655f6e6f745f696e5f6c697374223a66616c73652c22616464726573735f74657874223a6e756c6c2c22686f7573655f6e756d626572223a223132222c22686f7573655f6e756d6265725f70617274223a2241222c226f6e5f626568616c665f6f665f616e6f74686572223a66616c73657d2c22636f6e74616374223a7b2270686f6e65223a222b393934353031323334353637222c22656d61696c223a2272657361642e616c69796576406578616d706c652e617a227d2c22646f63756d656e7473223a5b7b22726f6c65223a22616464726573735f646f63756d656e74222c22736861323536223a2263313031326436393739383166346333356234646536626461623662383035393739346666353536393739353234646163306237386363353439356665346331222c226d656469615f74797065223a226170706c69636174696f6e2f706466222c2273697a65223a3333352c226e616d65223a22c3a7c4b1786172c4b1c59f2e706466227d5d2c226469737472696374223a2242494e222c22696e74616b655f756e6974223a2242494e222c2266696e6765727072696e74223a2232306363643438663436393639613739616365333238323132646361393230326366613733346334383933613864316333353936383733333037396439373539222c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2261663337343231333939316161643165656163626131666136343939393965303336306530653039396264386630356666316430336262353236323161333634222c22636c6173735f76657273696f6e223a327d', 18);
INSERT INTO public.caseregistry_events VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab', 2, 'azersu.cases:Application.Routed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3537323438382b30303a3030227d2c22756e6974223a22545353222c22636f6e74657874223a7b227375626a656374223a22656d702d42494e222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a2242494e222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d42494e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2261663337343231333939316161643165656163626131666136343939393965303336306530653039396264386630356666316430336262353236323161333634222c2268617368223a2230653934613165663063303336663334616130353731343066393835623464623563333362346134656533373937356365356138346435353337386438633765222c22636c6173735f76657273696f6e223a327d', 19);
INSERT INTO public.caseregistry_events VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab', 3, 'azersu.cases:Application.ExecutorAssigned', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3538343130322b30303a3030227d2c226578656375746f7273223a5b7b226964223a22656d702d37222c226e616d65223a22456c76696e227d5d2c22636f6e74657874223a7b227375626a656374223a22656d702d545353222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22545353222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d545353222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230653934613165663063303336663334616130353731343066393835623464623563333362346134656533373937356365356138346435353337386438633765222c2268617368223a2230376230363232376633666631626437386661336565623636346534383939636465653636353037373765393530376530373662346462343239383739373362222c22636c6173735f76657273696f6e223a327d', 20);
INSERT INTO public.caseregistry_events VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab', 4, 'azersu.cases:Application.NoteAdded', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3539303938302b30303a3030227d2c2274657874223a22426178c4b1c59f207361626168206b65c3a76972696cc99963c9996b2e222c2276697369626c655f746f5f6170706c6963616e74223a747275652c22636f6e74657874223a7b227375626a656374223a22656d702d545353222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22545353222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d545353222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230376230363232376633666631626437386661336565623636346534383939636465653636353037373765393530376530373662346462343239383739373362222c2268617368223a2233346535636565663438303933396539323932346631336336646639656632366362363935656366396264383333326662656639383766643566613035303732222c22636c6173735f76657273696f6e223a327d', 21);
INSERT INTO public.caseregistry_events VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab', 5, 'azersu.cases:Application.Executed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3539393536382b30303a3030227d2c22726573756c745f646f63756d656e74223a7b22726f6c65223a22726573756c745f646f63756d656e74222c22736861323536223a2263313031326436393739383166346333356234646536626461623662383035393739346666353536393739353234646163306237386363353439356665346331222c226d656469615f74797065223a226170706c69636174696f6e2f706466222c2273697a65223a3333352c226e616d65223a22c59fc99972746cc999722e706466227d2c22616374223a6e756c6c2c22636f6e74657874223a7b227375626a656374223a22656d702d545353222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22545353222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d545353222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2233346535636565663438303933396539323932346631336336646639656632366362363935656366396264383333326662656639383766643566613035303732222c2268617368223a2264313863623030303562616465613937653932333261623464333564646563383935386466356362623336646234303439326262396266643165333661616137222c22636c6173735f76657273696f6e223a327d', 22);
INSERT INTO public.caseregistry_events VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab', 6, 'azersu.cases:Application.Answered', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3630393535312b30303a3030227d2c226f7574636f6d65223a2266756c66696c6c6564222c22726561736f6e5f636f6465223a6e756c6c2c22636f6e74657874223a7b227375626a656374223a22656d702d545353222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22545353222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d545353222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2264313863623030303562616465613937653932333261623464333564646563383935386466356362623336646234303439326262396266643165333661616137222c2268617368223a2235343138393062363631646336663833353230643031343664636637363864343037623231386232663131383065643937313737353361346565666335313238222c22636c6173735f76657273696f6e223a327d', 23);
INSERT INTO public.caseregistry_events VALUES ('27afb4f0-e00c-497e-9286-6b7762e8699b', 1, 'azersu.cases:Application.Submitted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3638393138382b30303a3030227d2c226f726967696e61746f725f746f706963223a22617a657273752e63617365733a4170706c69636174696f6e222c226e756d626572223a2254532d323032362d303030303034222c226b696e64223a22746563686e6963616c5f636f6e646974696f6e73222c226170706c6963616e74223a7b2266696e223a22355a4b33503751222c2266697273745f6e616d65223a2252c999c59f6164222c227375726e616d65223a22c68f6c69796576222c22706174726f6e796d6963223a225661716966206fc49f6c75222c2261646472657373223a2242616bc4b120c59fc99968c99972692c2042696ec99971c9996469207261796f6e752c2042696cc99963c99972692071c99973c99962c99973692c206576203132227d2c2264657461696c73223a7b22707572706f7365223a22696e646976696475616c5f686f757365222c22706c616365223a2242696cc99963c99972692071c99973c99962c9997369222c22706c6163655f6e6f745f696e5f6c697374223a66616c73652c22616464726573735f74657874223a6e756c6c2c22686f7573655f6e756d626572223a223132222c22686f7573655f6e756d6265725f70617274223a2241222c226f6e5f626568616c665f6f665f616e6f74686572223a66616c73657d2c22636f6e74616374223a7b2270686f6e65223a222b393934353031323334353637222c22656d61696c223a2272657361642e616c69796576406578616d706c652e617a227d2c22646f63756d656e7473223a5b7b22726f6c65223a22616464726573735f646f63756d656e74222c22736861323536223a2263313031326436393739383166346333356234646536626461623662383035393739346666353536393739353234646163306237386363353439356665346331222c226d656469615f74797065223a226170706c69636174696f6e2f706466222c2273697a65223a3333352c226e616d65223a22c3a7c4b1786172c4b1c59f2e706466227d5d2c226469737472696374223a2242494e222c22696e74616b655f756e6974223a2242494e222c2266696e6765727072696e74223a2232306363643438663436393639613739616365333238323132646361393230326366613733346334383933613864316333353936383733333037396439373539222c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2266356233356538323661396336366434653164626438316531303163636534383237363833616361393435306534383033623236383037663763656263616666222c22636c6173735f76657273696f6e223a327d', 33);
INSERT INTO public.caseregistry_events VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931', 5, 'azersu.cases:Application.Executed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3634353430342b30303a3030227d2c22726573756c745f646f63756d656e74223a7b22726f6c65223a22726573756c745f646f63756d656e74222c22736861323536223a2237376130366662393532313137663335393035326633306632633533643266356631613237326563643965383732646236303331353834303465323635333939222c226d656469615f74797065223a22696d6167652f706e67222c2273697a65223a37312c226e616d65223a22616b742e706e67227d2c22616374223a7b226b696e64223a22696e7374616c6c6174696f6e222c226d657465725f73657269616c223a22415a2d534d2d333030303031222c22696e697469616c5f72656164696e67223a302e302c227365616c5f6e756d626572223a22534c2d31227d2c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2233353761393365363362363430363931343833373962343861373439316638343536316234323230336437623365326461383538376635616562346438666462222c2268617368223a2231393363336166646666316635383938303864643164653537653265663437316637356639623639616336376366326464663230363466623331306266303962222c22636c6173735f76657273696f6e223a327d', 28);
INSERT INTO public.caseregistry_events VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931', 6, 'azersu.cases:Application.Answered', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3635323736322b30303a3030227d2c226f7574636f6d65223a2266756c66696c6c6564222c22726561736f6e5f636f6465223a6e756c6c2c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2231393363336166646666316635383938303864643164653537653265663437316637356639623639616336376366326464663230363466623331306266303962222c2268617368223a2234356633316634313036313539666635323264616661636564336437643730356133346337323563306364343264356138363635613365343030666130633938222c22636c6173735f76657273696f6e223a327d', 29);
INSERT INTO public.caseregistry_events VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8', 1, 'azersu.cases:Application.Submitted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3636313532372b30303a3030227d2c226f726967696e61746f725f746f706963223a22617a657273752e63617365733a4170706c69636174696f6e222c226e756d626572223a2253512d323032362d303030303034222c226b696e64223a226d657465725f696e7374616c6c6174696f6e222c226170706c6963616e74223a7b2266696e223a22355a4b33503751222c2266697273745f6e616d65223a2252c999c59f6164222c227375726e616d65223a22c68f6c69796576222c22706174726f6e796d6963223a225661716966206fc49f6c75222c2261646472657373223a2242616bc4b120c59fc99968c99972692c2042696ec99971c9996469207261796f6e752c2042696cc99963c99972692071c99973c99962c99973692c206576203132227d2c2264657461696c73223a7b22737562736372696265725f636f6465223a2231303031323334353637222c22726561736f6e223a226e65775f6d65746572222c22636f6e6669726d5f6164646974696f6e616c5f6d65746572223a66616c73652c226465736372697074696f6e223a2248c99979c9997464c9992079656e6920736179c49f61632071757261c59f64c4b172c4b16c6d6173c4b12078616869c59f206f6c756e75722e222c2273756273637269626572223a7b22636f6465223a2231303031323334353637222c226f776e6572223a22c68f6c697965762052c999c59f6164205661716966206fc49f6c75222c226469737472696374223a2242494e222c2261646472657373223a2242696ec99971c99964692071c99973c99962c99973692c206576203132222c226163746976655f6d6574657273223a5b5d2c226f776e65725f66696e223a22355a4b33503751227d7d2c22636f6e74616374223a7b2270686f6e65223a222b393934353537363534333231222c22656d61696c223a2272657361642e616c69796576406578616d706c652e617a227d2c22646f63756d656e7473223a5b5d2c226469737472696374223a2242494e222c22696e74616b655f756e6974223a2242494e222c2266696e6765727072696e74223a2262303462653331313430666333323037376336363762613836316561353436366331313761303336333935343237366339353531303539663135623064306431222c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2266386664616536366139313565376362353631643635396630303934626664323163363963646131393763396635636166623233393466366338303039306132222c22636c6173735f76657273696f6e223a327d', 30);
INSERT INTO public.caseregistry_events VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8', 2, 'azersu.cases:Application.Routed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3636363530392b30303a3030227d2c22756e6974223a22535153222c22636f6e74657874223a7b227375626a656374223a22656d702d42494e222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a2242494e222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d42494e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2266386664616536366139313565376362353631643635396630303934626664323163363963646131393763396635636166623233393466366338303039306132222c2268617368223a2265333931633636633337326231626163346538343664663034356535363734323138663830333033336165323439396635353263363864306534333030356231222c22636c6173735f76657273696f6e223a327d', 31);
INSERT INTO public.caseregistry_events VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8', 3, 'azersu.cases:Application.Answered', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3637313539342b30303a3030227d2c226f7574636f6d65223a2272656675736564222c22726561736f6e5f636f6465223a226e6f5f6d657465725f696e5f73746f636b222c22636f6e74657874223a7b227375626a656374223a22656d702d535153222c22726f6c65223a22656d706c6f796565222c226e616d65223a224c65796c612048c99973c9996e6f7661222c22756e6974223a22535153222c22706f7274616c223a6e756c6c2c227369676e5f696e5f6d6574686f64223a6e756c6c2c22636f7272656c6174696f6e5f6964223a22636f72722d535153222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2265333931633636633337326231626163346538343664663034356535363734323138663830333033336165323439396635353263363864306534333030356231222c2268617368223a2231373233383563653038623230386536626638333231373733633866353131626236636165616264663538393233323933303336633762636635373161376431222c22636c6173735f76657273696f6e223a327d', 32);
INSERT INTO public.caseregistry_events VALUES ('27afb4f0-e00c-497e-9286-6b7762e8699b', 2, 'azersu.cases:Application.Withdrawn', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30325430353a35333a32362e3730323636312b30303a3030227d2c22636f6e74657874223a7b227375626a656374223a22355a4b33503751222c22726f6c65223a22636974697a656e222c226e616d65223a2252c999c59f616420c68f6c69796576222c22756e6974223a6e756c6c2c22706f7274616c223a22652d676f76222c227369676e5f696e5f6d6574686f64223a226173616e5f696d7a61222c22636f7272656c6174696f6e5f6964223a22636f72722d636974697a656e222c22736572766963655f6163636f756e74223a6e756c6c7d2c2270726576696f75735f68617368223a2266356233356538323661396336366434653164626438316531303163636534383237363833616361393435306534383033623236383037663763656263616666222c2268617368223a2262363237336236386263306462636365663133393163616535363436393462396439623437343132313431626365663135316633346537306234373766626132222c22636c6173735f76657273696f6e223a327d', 34);


--
-- Data for Name: citizen_uploads; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.citizen_uploads VALUES ('5ZK3P7Q', 1796190806, 335);
INSERT INTO public.citizen_uploads VALUES ('5ZK3P7Q', 1796190806, 335);
INSERT INTO public.citizen_uploads VALUES ('5ZK3P7Q', 1796190806, 335);
INSERT INTO public.citizen_uploads VALUES ('5ZK3P7Q', 1796190806, 335);


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.deliveries VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7:1/email', 'b0393b68-555b-48d4-b293-3abe5b219fb7:1', 'Submitted', 'email', 'b0393b68-555b-48d4-b293-3abe5b219fb7', 1, 'TS-2026-000001', 'resad.aliyev@example.az', 'Müraciətiniz qeydiyyata alındı — TS-2026-000001', 'Hörmətli Rəşad Əliyev,

"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması" xidməti üzrə müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Müraciət nömrəniz: TS-2026-000001

Müraciətin gedişatını "Müraciətin statusunu yoxla" bölməsində izləyə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.275203, NULL, NULL, 1796190806.275203, NULL);
INSERT INTO public.deliveries VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7:1/sms', 'b0393b68-555b-48d4-b293-3abe5b219fb7:1', 'Submitted', 'sms', 'b0393b68-555b-48d4-b293-3abe5b219fb7', 1, 'TS-2026-000001', '+994501234567', '', 'Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. Müraciət nömrəniz: TS-2026-000001', 'pending', 0, 1796190806.275203, NULL, NULL, 1796190806.275203, NULL);
INSERT INTO public.deliveries VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7:2/email', 'b0393b68-555b-48d4-b293-3abe5b219fb7:2', 'Routed', 'email', 'b0393b68-555b-48d4-b293-3abe5b219fb7', 2, 'TS-2026-000001', 'resad.aliyev@example.az', 'Müraciətiniz icraya yönləndirildi — TS-2026-000001', 'Hörmətli Rəşad Əliyev,

TS-2026-000001 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi. İcra başa çatdıqda sizə məlumat veriləcək.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.3029563, NULL, NULL, 1796190806.3029563, NULL);
INSERT INTO public.deliveries VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7:2/sms', 'b0393b68-555b-48d4-b293-3abe5b219fb7:2', 'Routed', 'sms', 'b0393b68-555b-48d4-b293-3abe5b219fb7', 2, 'TS-2026-000001', '+994501234567', '', 'TS-2026-000001 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi.', 'pending', 0, 1796190806.3029563, NULL, NULL, 1796190806.3029563, NULL);
INSERT INTO public.deliveries VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7:6/email', 'b0393b68-555b-48d4-b293-3abe5b219fb7:6', 'Answered', 'email', 'b0393b68-555b-48d4-b293-3abe5b219fb7', 6, 'TS-2026-000001', 'resad.aliyev@example.az', 'Müraciətiniz icra olundu — TS-2026-000001', 'Hörmətli Rəşad Əliyev,

TS-2026-000001 nömrəli müraciətiniz icra olundu. Nəticə sənədini "Müraciətin statusunu yoxla" bölməsində "Müraciətin nəticəsi" düyməsi ilə yükləyə və ya baxa bilərsiniz.

Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.4068766, NULL, NULL, 1796190806.4068766, NULL);
INSERT INTO public.deliveries VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7:6/sms', 'b0393b68-555b-48d4-b293-3abe5b219fb7:6', 'Answered', 'sms', 'b0393b68-555b-48d4-b293-3abe5b219fb7', 6, 'TS-2026-000001', '+994501234567', '', 'TS-2026-000001 nömrəli müraciətiniz icra olundu. Nəticəni "Müraciətin statusunu yoxla" bölməsindən yükləyə bilərsiniz.', 'pending', 0, 1796190806.4068766, NULL, NULL, 1796190806.4068766, NULL);
INSERT INTO public.deliveries VALUES ('a0031bed-0d87-4c47-a488-5f4456098907:1/email', 'a0031bed-0d87-4c47-a488-5f4456098907:1', 'Submitted', 'email', 'a0031bed-0d87-4c47-a488-5f4456098907', 1, 'SQ-2026-000001', 'resad.aliyev@example.az', 'Müraciətiniz qeydiyyata alındı — SQ-2026-000001', 'Hörmətli Rəşad Əliyev,

"Su sayğaclarının quraşdırılması" xidməti üzrə müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Müraciət nömrəniz: SQ-2026-000001

Müraciətin gedişatını "Müraciətin statusunu yoxla" bölməsində izləyə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.4276946, NULL, NULL, 1796190806.4276946, NULL);
INSERT INTO public.deliveries VALUES ('a0031bed-0d87-4c47-a488-5f4456098907:1/sms', 'a0031bed-0d87-4c47-a488-5f4456098907:1', 'Submitted', 'sms', 'a0031bed-0d87-4c47-a488-5f4456098907', 1, 'SQ-2026-000001', '+994557654321', '', 'Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. Müraciət nömrəniz: SQ-2026-000001', 'pending', 0, 1796190806.4276946, NULL, NULL, 1796190806.4276946, NULL);
INSERT INTO public.deliveries VALUES ('a0031bed-0d87-4c47-a488-5f4456098907:2/email', 'a0031bed-0d87-4c47-a488-5f4456098907:2', 'Routed', 'email', 'a0031bed-0d87-4c47-a488-5f4456098907', 2, 'SQ-2026-000001', 'resad.aliyev@example.az', 'Müraciətiniz icraya yönləndirildi — SQ-2026-000001', 'Hörmətli Rəşad Əliyev,

SQ-2026-000001 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi. İcra başa çatdıqda sizə məlumat veriləcək.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.442474, NULL, NULL, 1796190806.442474, NULL);
INSERT INTO public.deliveries VALUES ('a0031bed-0d87-4c47-a488-5f4456098907:2/sms', 'a0031bed-0d87-4c47-a488-5f4456098907:2', 'Routed', 'sms', 'a0031bed-0d87-4c47-a488-5f4456098907', 2, 'SQ-2026-000001', '+994557654321', '', 'SQ-2026-000001 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi.', 'pending', 0, 1796190806.442474, NULL, NULL, 1796190806.442474, NULL);
INSERT INTO public.deliveries VALUES ('a0031bed-0d87-4c47-a488-5f4456098907:6/email', 'a0031bed-0d87-4c47-a488-5f4456098907:6', 'Answered', 'email', 'a0031bed-0d87-4c47-a488-5f4456098907', 6, 'SQ-2026-000001', 'resad.aliyev@example.az', 'Müraciətiniz icra olundu — SQ-2026-000001', 'Hörmətli Rəşad Əliyev,

SQ-2026-000001 nömrəli müraciətiniz icra olundu. Nəticə sənədini "Müraciətin statusunu yoxla" bölməsində "Müraciətin nəticəsi" düyməsi ilə yükləyə və ya baxa bilərsiniz.

Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.485377, NULL, NULL, 1796190806.485377, NULL);
INSERT INTO public.deliveries VALUES ('a0031bed-0d87-4c47-a488-5f4456098907:6/sms', 'a0031bed-0d87-4c47-a488-5f4456098907:6', 'Answered', 'sms', 'a0031bed-0d87-4c47-a488-5f4456098907', 6, 'SQ-2026-000001', '+994557654321', '', 'SQ-2026-000001 nömrəli müraciətiniz icra olundu. Nəticəni "Müraciətin statusunu yoxla" bölməsindən yükləyə bilərsiniz.', 'pending', 0, 1796190806.485377, NULL, NULL, 1796190806.485377, NULL);
INSERT INTO public.deliveries VALUES ('01888770-85dd-46fe-89b9-2f493089292f:1/email', '01888770-85dd-46fe-89b9-2f493089292f:1', 'Submitted', 'email', '01888770-85dd-46fe-89b9-2f493089292f', 1, 'SQ-2026-000002', 'resad.aliyev@example.az', 'Müraciətiniz qeydiyyata alındı — SQ-2026-000002', 'Hörmətli Rəşad Əliyev,

"Su sayğaclarının quraşdırılması" xidməti üzrə müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Müraciət nömrəniz: SQ-2026-000002

Müraciətin gedişatını "Müraciətin statusunu yoxla" bölməsində izləyə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.4964125, NULL, NULL, 1796190806.4964125, NULL);
INSERT INTO public.deliveries VALUES ('01888770-85dd-46fe-89b9-2f493089292f:1/sms', '01888770-85dd-46fe-89b9-2f493089292f:1', 'Submitted', 'sms', '01888770-85dd-46fe-89b9-2f493089292f', 1, 'SQ-2026-000002', '+994557654321', '', 'Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. Müraciət nömrəniz: SQ-2026-000002', 'pending', 0, 1796190806.4964125, NULL, NULL, 1796190806.4964125, NULL);
INSERT INTO public.deliveries VALUES ('01888770-85dd-46fe-89b9-2f493089292f:2/email', '01888770-85dd-46fe-89b9-2f493089292f:2', 'Routed', 'email', '01888770-85dd-46fe-89b9-2f493089292f', 2, 'SQ-2026-000002', 'resad.aliyev@example.az', 'Müraciətiniz icraya yönləndirildi — SQ-2026-000002', 'Hörmətli Rəşad Əliyev,

SQ-2026-000002 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi. İcra başa çatdıqda sizə məlumat veriləcək.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.5051887, NULL, NULL, 1796190806.5051887, NULL);
INSERT INTO public.deliveries VALUES ('01888770-85dd-46fe-89b9-2f493089292f:2/sms', '01888770-85dd-46fe-89b9-2f493089292f:2', 'Routed', 'sms', '01888770-85dd-46fe-89b9-2f493089292f', 2, 'SQ-2026-000002', '+994557654321', '', 'SQ-2026-000002 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi.', 'pending', 0, 1796190806.5051887, NULL, NULL, 1796190806.5051887, NULL);
INSERT INTO public.deliveries VALUES ('01888770-85dd-46fe-89b9-2f493089292f:3/email', '01888770-85dd-46fe-89b9-2f493089292f:3', 'Answered', 'email', '01888770-85dd-46fe-89b9-2f493089292f', 3, 'SQ-2026-000002', 'resad.aliyev@example.az', 'Müraciətinizə cavab verildi — SQ-2026-000002', 'Hörmətli Rəşad Əliyev,

Təəssüf ki, SQ-2026-000002 nömrəli müraciətiniz icra edilə bilmədi.

Səbəb: Sayğac ehtiyatı yoxdur

Ətraflı məlumatı "Müraciətin statusunu yoxla" bölməsində görə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.5146487, NULL, NULL, 1796190806.5146487, NULL);
INSERT INTO public.deliveries VALUES ('01888770-85dd-46fe-89b9-2f493089292f:3/sms', '01888770-85dd-46fe-89b9-2f493089292f:3', 'Answered', 'sms', '01888770-85dd-46fe-89b9-2f493089292f', 3, 'SQ-2026-000002', '+994557654321', '', 'SQ-2026-000002 nömrəli müraciətiniz icra edilə bilmədi. Səbəb: Sayğac ehtiyatı yoxdur', 'pending', 0, 1796190806.5146487, NULL, NULL, 1796190806.5146487, NULL);
INSERT INTO public.deliveries VALUES ('cf935623-512d-4e3d-b318-5150f42ffb47:1/email', 'cf935623-512d-4e3d-b318-5150f42ffb47:1', 'Submitted', 'email', 'cf935623-512d-4e3d-b318-5150f42ffb47', 1, 'TS-2026-000002', 'resad.aliyev@example.az', 'Müraciətiniz qeydiyyata alındı — TS-2026-000002', 'Hörmətli Rəşad Əliyev,

"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması" xidməti üzrə müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Müraciət nömrəniz: TS-2026-000002

Müraciətin gedişatını "Müraciətin statusunu yoxla" bölməsində izləyə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.5282593, NULL, NULL, 1796190806.5282593, NULL);
INSERT INTO public.deliveries VALUES ('cf935623-512d-4e3d-b318-5150f42ffb47:1/sms', 'cf935623-512d-4e3d-b318-5150f42ffb47:1', 'Submitted', 'sms', 'cf935623-512d-4e3d-b318-5150f42ffb47', 1, 'TS-2026-000002', '+994501234567', '', 'Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. Müraciət nömrəniz: TS-2026-000002', 'pending', 0, 1796190806.5282593, NULL, NULL, 1796190806.5282593, NULL);
INSERT INTO public.deliveries VALUES ('cf935623-512d-4e3d-b318-5150f42ffb47:2/email', 'cf935623-512d-4e3d-b318-5150f42ffb47:2', 'Withdrawn', 'email', 'cf935623-512d-4e3d-b318-5150f42ffb47', 2, 'TS-2026-000002', 'resad.aliyev@example.az', 'Müraciətiniz geri götürüldü — TS-2026-000002', 'Hörmətli Rəşad Əliyev,

TS-2026-000002 nömrəli müraciətiniz sizin istəyinizlə geri götürüldü. Ehtiyac olduqda yeni müraciət edə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.549404, NULL, NULL, 1796190806.549404, NULL);
INSERT INTO public.deliveries VALUES ('cf935623-512d-4e3d-b318-5150f42ffb47:2/sms', 'cf935623-512d-4e3d-b318-5150f42ffb47:2', 'Withdrawn', 'sms', 'cf935623-512d-4e3d-b318-5150f42ffb47', 2, 'TS-2026-000002', '+994501234567', '', 'TS-2026-000002 nömrəli müraciətiniz sizin istəyinizlə geri götürüldü.', 'pending', 0, 1796190806.549404, NULL, NULL, 1796190806.549404, NULL);
INSERT INTO public.deliveries VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab:1/email', '04807575-22d5-459e-86ae-8ff25f2d51ab:1', 'Submitted', 'email', '04807575-22d5-459e-86ae-8ff25f2d51ab', 1, 'TS-2026-000003', 'resad.aliyev@example.az', 'Müraciətiniz qeydiyyata alındı — TS-2026-000003', 'Hörmətli Rəşad Əliyev,

"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması" xidməti üzrə müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Müraciət nömrəniz: TS-2026-000003

Müraciətin gedişatını "Müraciətin statusunu yoxla" bölməsində izləyə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.5677726, NULL, NULL, 1796190806.5677726, NULL);
INSERT INTO public.deliveries VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab:1/sms', '04807575-22d5-459e-86ae-8ff25f2d51ab:1', 'Submitted', 'sms', '04807575-22d5-459e-86ae-8ff25f2d51ab', 1, 'TS-2026-000003', '+994501234567', '', 'Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. Müraciət nömrəniz: TS-2026-000003', 'pending', 0, 1796190806.5677726, NULL, NULL, 1796190806.5677726, NULL);
INSERT INTO public.deliveries VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab:2/email', '04807575-22d5-459e-86ae-8ff25f2d51ab:2', 'Routed', 'email', '04807575-22d5-459e-86ae-8ff25f2d51ab', 2, 'TS-2026-000003', 'resad.aliyev@example.az', 'Müraciətiniz icraya yönləndirildi — TS-2026-000003', 'Hörmətli Rəşad Əliyev,

TS-2026-000003 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi. İcra başa çatdıqda sizə məlumat veriləcək.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.5818858, NULL, NULL, 1796190806.5818858, NULL);
INSERT INTO public.deliveries VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab:2/sms', '04807575-22d5-459e-86ae-8ff25f2d51ab:2', 'Routed', 'sms', '04807575-22d5-459e-86ae-8ff25f2d51ab', 2, 'TS-2026-000003', '+994501234567', '', 'TS-2026-000003 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi.', 'pending', 0, 1796190806.5818858, NULL, NULL, 1796190806.5818858, NULL);
INSERT INTO public.deliveries VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931:1/email', '7a1a02eb-ccdf-41e0-a564-55a213e86931:1', 'Submitted', 'email', '7a1a02eb-ccdf-41e0-a564-55a213e86931', 1, 'SQ-2026-000003', 'resad.aliyev@example.az', 'Müraciətiniz qeydiyyata alındı — SQ-2026-000003', 'Hörmətli Rəşad Əliyev,

"Su sayğaclarının quraşdırılması" xidməti üzrə müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Müraciət nömrəniz: SQ-2026-000003

Müraciətin gedişatını "Müraciətin statusunu yoxla" bölməsində izləyə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.6203485, NULL, NULL, 1796190806.6203485, NULL);
INSERT INTO public.deliveries VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931:1/sms', '7a1a02eb-ccdf-41e0-a564-55a213e86931:1', 'Submitted', 'sms', '7a1a02eb-ccdf-41e0-a564-55a213e86931', 1, 'SQ-2026-000003', '+994557654321', '', 'Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. Müraciət nömrəniz: SQ-2026-000003', 'pending', 0, 1796190806.6203485, NULL, NULL, 1796190806.6203485, NULL);
INSERT INTO public.deliveries VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931:2/email', '7a1a02eb-ccdf-41e0-a564-55a213e86931:2', 'Routed', 'email', '7a1a02eb-ccdf-41e0-a564-55a213e86931', 2, 'SQ-2026-000003', 'resad.aliyev@example.az', 'Müraciətiniz icraya yönləndirildi — SQ-2026-000003', 'Hörmətli Rəşad Əliyev,

SQ-2026-000003 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi. İcra başa çatdıqda sizə məlumat veriləcək.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.6250126, NULL, NULL, 1796190806.6250126, NULL);
INSERT INTO public.deliveries VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931:2/sms', '7a1a02eb-ccdf-41e0-a564-55a213e86931:2', 'Routed', 'sms', '7a1a02eb-ccdf-41e0-a564-55a213e86931', 2, 'SQ-2026-000003', '+994557654321', '', 'SQ-2026-000003 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi.', 'pending', 0, 1796190806.6250126, NULL, NULL, 1796190806.6250126, NULL);
INSERT INTO public.deliveries VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8:1/email', '41dfcf97-be69-4410-8546-e74c2d3d8cd8:1', 'Submitted', 'email', '41dfcf97-be69-4410-8546-e74c2d3d8cd8', 1, 'SQ-2026-000004', 'resad.aliyev@example.az', 'Müraciətiniz qeydiyyata alındı — SQ-2026-000004', 'Hörmətli Rəşad Əliyev,

"Su sayğaclarının quraşdırılması" xidməti üzrə müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Müraciət nömrəniz: SQ-2026-000004

Müraciətin gedişatını "Müraciətin statusunu yoxla" bölməsində izləyə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.665083, NULL, NULL, 1796190806.665083, NULL);
INSERT INTO public.deliveries VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8:1/sms', '41dfcf97-be69-4410-8546-e74c2d3d8cd8:1', 'Submitted', 'sms', '41dfcf97-be69-4410-8546-e74c2d3d8cd8', 1, 'SQ-2026-000004', '+994557654321', '', 'Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. Müraciət nömrəniz: SQ-2026-000004', 'pending', 0, 1796190806.665083, NULL, NULL, 1796190806.665083, NULL);
INSERT INTO public.deliveries VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab:6/email', '04807575-22d5-459e-86ae-8ff25f2d51ab:6', 'Answered', 'email', '04807575-22d5-459e-86ae-8ff25f2d51ab', 6, 'TS-2026-000003', 'resad.aliyev@example.az', 'Müraciətiniz icra olundu — TS-2026-000003', 'Hörmətli Rəşad Əliyev,

TS-2026-000003 nömrəli müraciətiniz icra olundu. Nəticə sənədini "Müraciətin statusunu yoxla" bölməsində "Müraciətin nəticəsi" düyməsi ilə yükləyə və ya baxa bilərsiniz.

Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.61395, NULL, NULL, 1796190806.61395, NULL);
INSERT INTO public.deliveries VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab:6/sms', '04807575-22d5-459e-86ae-8ff25f2d51ab:6', 'Answered', 'sms', '04807575-22d5-459e-86ae-8ff25f2d51ab', 6, 'TS-2026-000003', '+994501234567', '', 'TS-2026-000003 nömrəli müraciətiniz icra olundu. Nəticəni "Müraciətin statusunu yoxla" bölməsindən yükləyə bilərsiniz.', 'pending', 0, 1796190806.61395, NULL, NULL, 1796190806.61395, NULL);
INSERT INTO public.deliveries VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931:6/email', '7a1a02eb-ccdf-41e0-a564-55a213e86931:6', 'Answered', 'email', '7a1a02eb-ccdf-41e0-a564-55a213e86931', 6, 'SQ-2026-000003', 'resad.aliyev@example.az', 'Müraciətiniz icra olundu — SQ-2026-000003', 'Hörmətli Rəşad Əliyev,

SQ-2026-000003 nömrəli müraciətiniz icra olundu. Nəticə sənədini "Müraciətin statusunu yoxla" bölməsində "Müraciətin nəticəsi" düyməsi ilə yükləyə və ya baxa bilərsiniz.

Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.6585598, NULL, NULL, 1796190806.6585598, NULL);
INSERT INTO public.deliveries VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931:6/sms', '7a1a02eb-ccdf-41e0-a564-55a213e86931:6', 'Answered', 'sms', '7a1a02eb-ccdf-41e0-a564-55a213e86931', 6, 'SQ-2026-000003', '+994557654321', '', 'SQ-2026-000003 nömrəli müraciətiniz icra olundu. Nəticəni "Müraciətin statusunu yoxla" bölməsindən yükləyə bilərsiniz.', 'pending', 0, 1796190806.6585598, NULL, NULL, 1796190806.6585598, NULL);
INSERT INTO public.deliveries VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8:2/email', '41dfcf97-be69-4410-8546-e74c2d3d8cd8:2', 'Routed', 'email', '41dfcf97-be69-4410-8546-e74c2d3d8cd8', 2, 'SQ-2026-000004', 'resad.aliyev@example.az', 'Müraciətiniz icraya yönləndirildi — SQ-2026-000004', 'Hörmətli Rəşad Əliyev,

SQ-2026-000004 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi. İcra başa çatdıqda sizə məlumat veriləcək.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.6700194, NULL, NULL, 1796190806.6700194, NULL);
INSERT INTO public.deliveries VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8:2/sms', '41dfcf97-be69-4410-8546-e74c2d3d8cd8:2', 'Routed', 'sms', '41dfcf97-be69-4410-8546-e74c2d3d8cd8', 2, 'SQ-2026-000004', '+994557654321', '', 'SQ-2026-000004 nömrəli müraciətiniz icra üçün aidiyyəti struktur bölməsinə yönləndirildi.', 'pending', 0, 1796190806.6700194, NULL, NULL, 1796190806.6700194, NULL);
INSERT INTO public.deliveries VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8:3/email', '41dfcf97-be69-4410-8546-e74c2d3d8cd8:3', 'Answered', 'email', '41dfcf97-be69-4410-8546-e74c2d3d8cd8', 3, 'SQ-2026-000004', 'resad.aliyev@example.az', 'Müraciətinizə cavab verildi — SQ-2026-000004', 'Hörmətli Rəşad Əliyev,

Təəssüf ki, SQ-2026-000004 nömrəli müraciətiniz icra edilə bilmədi.

Səbəb: Sayğac ehtiyatı yoxdur

Ətraflı məlumatı "Müraciətin statusunu yoxla" bölməsində görə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.6799636, NULL, NULL, 1796190806.6799636, NULL);
INSERT INTO public.deliveries VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8:3/sms', '41dfcf97-be69-4410-8546-e74c2d3d8cd8:3', 'Answered', 'sms', '41dfcf97-be69-4410-8546-e74c2d3d8cd8', 3, 'SQ-2026-000004', '+994557654321', '', 'SQ-2026-000004 nömrəli müraciətiniz icra edilə bilmədi. Səbəb: Sayğac ehtiyatı yoxdur', 'pending', 0, 1796190806.6799636, NULL, NULL, 1796190806.6799636, NULL);
INSERT INTO public.deliveries VALUES ('27afb4f0-e00c-497e-9286-6b7762e8699b:1/email', '27afb4f0-e00c-497e-9286-6b7762e8699b:1', 'Submitted', 'email', '27afb4f0-e00c-497e-9286-6b7762e8699b', 1, 'TS-2026-000004', 'resad.aliyev@example.az', 'Müraciətiniz qeydiyyata alındı — TS-2026-000004', 'Hörmətli Rəşad Əliyev,

"Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması" xidməti üzrə müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik.

Müraciət nömrəniz: TS-2026-000004

Müraciətin gedişatını "Müraciətin statusunu yoxla" bölməsində izləyə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.6955447, NULL, NULL, 1796190806.6955447, NULL);
INSERT INTO public.deliveries VALUES ('27afb4f0-e00c-497e-9286-6b7762e8699b:1/sms', '27afb4f0-e00c-497e-9286-6b7762e8699b:1', 'Submitted', 'sms', '27afb4f0-e00c-497e-9286-6b7762e8699b', 1, 'TS-2026-000004', '+994501234567', '', 'Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. Müraciət nömrəniz: TS-2026-000004', 'pending', 0, 1796190806.6955447, NULL, NULL, 1796190806.6955447, NULL);
INSERT INTO public.deliveries VALUES ('27afb4f0-e00c-497e-9286-6b7762e8699b:2/email', '27afb4f0-e00c-497e-9286-6b7762e8699b:2', 'Withdrawn', 'email', '27afb4f0-e00c-497e-9286-6b7762e8699b', 2, 'TS-2026-000004', 'resad.aliyev@example.az', 'Müraciətiniz geri götürüldü — TS-2026-000004', 'Hörmətli Rəşad Əliyev,

TS-2026-000004 nömrəli müraciətiniz sizin istəyinizlə geri götürüldü. Ehtiyac olduqda yeni müraciət edə bilərsiniz.

Hörmətlə,
"Azərsu" ASC
', 'pending', 0, 1796190806.7122622, NULL, NULL, 1796190806.7122622, NULL);
INSERT INTO public.deliveries VALUES ('27afb4f0-e00c-497e-9286-6b7762e8699b:2/sms', '27afb4f0-e00c-497e-9286-6b7762e8699b:2', 'Withdrawn', 'sms', '27afb4f0-e00c-497e-9286-6b7762e8699b', 2, 'TS-2026-000004', '+994501234567', '', 'TS-2026-000004 nömrəli müraciətiniz sizin istəyinizlə geri götürüldü.', 'pending', 0, 1796190806.7122622, NULL, NULL, 1796190806.7122622, NULL);


--
-- Data for Name: documents; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.documents VALUES ('c1012d697981f4c35b4de6bdab6b8059794ff556979524dac0b78cc5495fe4c1', 'application/pdf', 335, '\x255044462d312e340a25e2e3cfd30a312030206f626a0a3c3c202f54797065202f436174616c6f67202f5061676573203220302052203e3e0a656e646f626a0a322030206f626a0a3c3c202f54797065202f5061676573202f4b696473205b33203020525d202f436f756e742031203e3e0a656e646f626a0a332030206f626a0a3c3c202f54797065202f50616765202f506172656e74203220302052202f4d65646961426f78205b30203020353935203834325d203e3e0a656e646f626a0a787265660a3020340a303030303030303030302036353533352066200a30303030303030303135203030303030206e200a30303030303030303634203030303030206e200a30303030303030313231203030303030206e200a747261696c65720a3c3c202f53697a652034202f526f6f74203120302052203e3e0a7374617274787265660a3139320a2525454f460a');
INSERT INTO public.documents VALUES ('77a06fb952117f359052f30f2c53d2f5f1a272ecd9e872db603158404e265399', 'image/png', 71, '\x89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000000e49444154789c63f80f060c100a0053ba0bf598ac20670000000049454e44ae426082');


--
-- Data for Name: notice_recipients; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.notice_recipients VALUES ('b0393b68-555b-48d4-b293-3abe5b219fb7', 'TS-2026-000001', 'Rəşad Əliyev', 'Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması', 'resad.aliyev@example.az', '+994501234567');
INSERT INTO public.notice_recipients VALUES ('a0031bed-0d87-4c47-a488-5f4456098907', 'SQ-2026-000001', 'Rəşad Əliyev', 'Su sayğaclarının quraşdırılması', 'resad.aliyev@example.az', '+994557654321');
INSERT INTO public.notice_recipients VALUES ('01888770-85dd-46fe-89b9-2f493089292f', 'SQ-2026-000002', 'Rəşad Əliyev', 'Su sayğaclarının quraşdırılması', 'resad.aliyev@example.az', '+994557654321');
INSERT INTO public.notice_recipients VALUES ('cf935623-512d-4e3d-b318-5150f42ffb47', 'TS-2026-000002', 'Rəşad Əliyev', 'Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması', 'resad.aliyev@example.az', '+994501234567');
INSERT INTO public.notice_recipients VALUES ('04807575-22d5-459e-86ae-8ff25f2d51ab', 'TS-2026-000003', 'Rəşad Əliyev', 'Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması', 'resad.aliyev@example.az', '+994501234567');
INSERT INTO public.notice_recipients VALUES ('7a1a02eb-ccdf-41e0-a564-55a213e86931', 'SQ-2026-000003', 'Rəşad Əliyev', 'Su sayğaclarının quraşdırılması', 'resad.aliyev@example.az', '+994557654321');
INSERT INTO public.notice_recipients VALUES ('41dfcf97-be69-4410-8546-e74c2d3d8cd8', 'SQ-2026-000004', 'Rəşad Əliyev', 'Su sayğaclarının quraşdırılması', 'resad.aliyev@example.az', '+994557654321');
INSERT INTO public.notice_recipients VALUES ('27afb4f0-e00c-497e-9286-6b7762e8699b', 'TS-2026-000004', 'Rəşad Əliyev', 'Su təchizatı və tullantı sularının axıdılması sisteminə qoşulması üçün texniki şərtlərin alınması', 'resad.aliyev@example.az', '+994501234567');


--
-- Data for Name: number_series; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.number_series VALUES ('SQ-2026', 4);
INSERT INTO public.number_series VALUES ('TS-2026', 4);


--
-- Data for Name: projection_position; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.projection_position VALUES ('application_views', 34);
INSERT INTO public.projection_position VALUES ('notifications', 34);


--
-- Name: caseregistry_events_notification_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.caseregistry_events_notification_id_seq', 34, true);


--
-- Name: application_view application_view_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.application_view
    ADD CONSTRAINT application_view_number_key UNIQUE (number);


--
-- Name: application_view application_view_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.application_view
    ADD CONSTRAINT application_view_pkey PRIMARY KEY (id);


--
-- Name: caseregistry_events caseregistry_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.caseregistry_events
    ADD CONSTRAINT caseregistry_events_pkey PRIMARY KEY (originator_id, originator_version);


--
-- Name: deliveries deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (key);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (sha256);


--
-- Name: notice_recipients notice_recipients_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notice_recipients
    ADD CONSTRAINT notice_recipients_pkey PRIMARY KEY (application_id);


--
-- Name: number_series number_series_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.number_series
    ADD CONSTRAINT number_series_pkey PRIMARY KEY (series);


--
-- Name: projection_position projection_position_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projection_position
    ADD CONSTRAINT projection_position_pkey PRIMARY KEY (name);


--
-- Name: application_view_by_age; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX application_view_by_age ON public.application_view USING btree (submitted_at);


--
-- Name: application_view_by_applicant; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX application_view_by_applicant ON public.application_view USING btree (applicant_fin, submitted_at);


--
-- Name: application_view_by_executor; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX application_view_by_executor ON public.application_view USING btree (executing_unit, submitted_at);


--
-- Name: application_view_by_intake; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX application_view_by_intake ON public.application_view USING btree (intake_unit, submitted_at);


--
-- Name: caseregistry_events_notification_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX caseregistry_events_notification_id_idx ON public.caseregistry_events USING btree (notification_id);


--
-- Name: citizen_uploads_by_citizen; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX citizen_uploads_by_citizen ON public.citizen_uploads USING btree (fin, at);


--
-- Name: deliveries_by_application; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX deliveries_by_application ON public.deliveries USING btree (application_id, channel, event_version);


--
-- Name: deliveries_waiting; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX deliveries_waiting ON public.deliveries USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text]));


--
-- PostgreSQL database dump complete
--


