CREATE TABLE IF NOT EXISTS orders (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item      TEXT        NOT NULL,
    quantity  INT         NOT NULL CHECK (quantity > 0),
    placed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
