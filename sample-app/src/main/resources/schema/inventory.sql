CREATE TABLE IF NOT EXISTS stock (
    item     TEXT PRIMARY KEY,
    quantity INT  NOT NULL CHECK (quantity >= 0)
);
INSERT INTO stock (item, quantity) VALUES ('keyboard', 100), ('monitor', 40), ('mouse', 250)
    ON CONFLICT (item) DO NOTHING;
