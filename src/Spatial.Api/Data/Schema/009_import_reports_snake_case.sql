-- The import resource speaks snake_case like the rest of the API: the reports stored before say sourceRef.
UPDATE imports
SET features = (SELECT jsonb_agg(CASE WHEN f ? 'sourceRef' THEN (f - 'sourceRef') || jsonb_build_object('source_ref', f -> 'sourceRef') ELSE f END
                                 ORDER BY n)
                FROM jsonb_array_elements(features) WITH ORDINALITY AS e(f, n))
WHERE jsonb_path_exists(features, '$[*].sourceRef');
