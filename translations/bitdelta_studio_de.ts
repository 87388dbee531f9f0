<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>%1 konnte nicht zum Schreiben geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>noch etwa %1 s</translation>
    </message>
    <message>
        <source>about %1 min %2 s left</source>
        <translation>noch etwa %1 min %2 s</translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>noch etwa %1 h %2 min</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>relativer Fehler</translation>
    </message>
    <message>
        <source>matrix</source>
        <translation>Matrix</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>No spectrum recorded</source>
        <translation>Kein Spektrum aufgezeichnet</translation>
    </message>
    <message>
        <source>singular value</source>
        <translation>Singulärwert</translation>
    </message>
    <message>
        <source>explained variance</source>
        <translation>erklärte Varianz</translation>
    </message>
    <message>
        <source>cumulative explained variance</source>
        <translation>kumulierte erklärte Varianz</translation>
    </message>
    <message>
        <source>low-rank baseline ranks</source>
        <translation>Ränge der Low-Rank-Baseline</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>r = %1</source>
        <translation>r = %1</translation>
    </message>
    <message>
        <source>No matrices</source>
        <translation>Keine Matrizen</translation>
    </message>
    <message>
        <source>initial (mean |Δ|)</source>
        <translation>anfänglich (Mittel von |Δ|)</translation>
    </message>
    <message>
        <source>distilled</source>
        <translation>destilliert</translation>
    </message>
    <message>
        <source>scale α</source>
        <translation>Skalierungsfaktor α</translation>
    </message>
    <message>
        <source>matrices</source>
        <translation>Matrizen</translation>
    </message>
    <message>
        <source>%1 L%2</source>
        <translation>%1 L%2</translation>
    </message>
    <message>
        <source>No Δ histogram recorded</source>
        <translation>Kein Δ-Histogramm aufgezeichnet</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>Δ-Werte</translation>
    </message>
    <message>
        <source>Δ value</source>
        <translation>Δ-Wert</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>+α</source>
        <translation>+α</translation>
    </message>
    <message>
        <source>−α</source>
        <translation>−α</translation>
    </message>
    <message>
        <source>Scales were not distilled</source>
        <translation>Die Skalierungsfaktoren wurden nicht destilliert</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>Logit-MSE</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>No low-rank baseline</source>
        <translation>Keine Low-Rank-Baseline</translation>
    </message>
    <message>
        <source>rank-r SVD</source>
        <translation>Rang-r-SVD</translation>
    </message>
    <message>
        <source>rank r</source>
        <translation>Rang r</translation>
    </message>
    <message>
        <source>1-bit: %1</source>
        <translation>1 Bit: %1</translation>
    </message>
    <message>
        <source>same storage</source>
        <translation>gleicher Speicher</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>%1 k</source>
        <translation>%1 k</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatPage</name>
    <message>
        <source>%1 %2%</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>No base model loaded.</source>
        <translation>Kein Basismodell geladen.</translation>
    </message>
    <message>
        <source>Where the engine runs: auto uses the GPU when there is one.</source>
        <translation>Wo die Engine läuft: „auto“ nutzt die GPU, wenn eine vorhanden ist.</translation>
    </message>
    <message>
        <source>Load base…</source>
        <translation>Basis laden…</translation>
    </message>
    <message>
        <source>Choose the base checkpoint every package is applied to.</source>
        <translation>Den Basis-Checkpoint wählen, auf den jedes Paket angewendet wird.</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Packages attached to the base; each adds only its 1-bit signs and scales.</source>
        <translation>An die Basis angehängte Pakete; jedes fügt nur seine 1-Bit-Vorzeichen und Skalierungsfaktoren hinzu.</translation>
    </message>
    <message>
        <source>Attach package…</source>
        <translation>Paket anhängen…</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Base pane</source>
        <translation>Basis-Bereich</translation>
    </message>
    <message>
        <source>Also answer with the base model, to compare with the fine-tunes.</source>
        <translation>Auch mit dem Basismodell antworten, zum Vergleich mit den Fine-Tunes.</translation>
    </message>
    <message>
        <source>Send to every pane, or to one.</source>
        <translation>An alle Bereiche senden oder an einen.</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Return sends, Esc stops)</source>
        <translation>Stellen Sie eine Frage… (Strg+Eingabe sendet, Esc stoppt)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send to the chosen panes (Ctrl+Return).</source>
        <translation>An die gewählten Bereiche senden (Strg+Eingabe).</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop every answer being generated (Esc).</source>
        <translation>Alle laufenden Antworten stoppen (Esc).</translation>
    </message>
    <message>
        <source>Choose the base checkpoint</source>
        <translation>Basis-Checkpoint wählen</translation>
    </message>
    <message>
        <source>Choose a .bitdelta package</source>
        <translation>Ein .bitdelta-Paket wählen</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Base: &lt;b&gt;%1&lt;/b&gt; on %2</source>
        <translation>Basis: &lt;b&gt;%1&lt;/b&gt; auf %2</translation>
    </message>
    <message>
        <source>Base model loaded on %1</source>
        <translation>Basismodell auf %1 geladen</translation>
    </message>
    <message>
        <source>No base model</source>
        <translation>Kein Basismodell</translation>
    </message>
    <message>
        <source>Load the base model before attaching %1.</source>
        <translation>Laden Sie das Basismodell, bevor Sie %1 anhängen.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Attached %1</source>
        <translation>%1 angehängt</translation>
    </message>
    <message>
        <source>Chat engine error</source>
        <translation>Fehler der Chat-Engine</translation>
    </message>
    <message>
        <source>All panes</source>
        <translation>Alle Bereiche</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatPane</name>
    <message>
        <source>Generated tokens per second of the last answer.</source>
        <translation>Erzeugte Tokens pro Sekunde bei der letzten Antwort.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System prompt and sampling for this pane.</source>
        <translation>Systemprompt und Sampling für diesen Bereich.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Forget this pane&apos;s conversation.</source>
        <translation>Die Unterhaltung in diesem Bereich vergessen.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the transcript as Markdown or JSON.</source>
        <translation>Den Gesprächsverlauf als Markdown oder JSON speichern.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>System prompt (optional)</source>
        <translation>Systemprompt (optional)</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>System:</translation>
    </message>
    <message>
        <source>0 picks the most likely token every time (greedy).</source>
        <translation>0 wählt jedes Mal das wahrscheinlichste Token (greedy).</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities sum to p.</source>
        <translation>Nur aus den wahrscheinlichsten Tokens sampeln, deren Wahrscheinlichkeiten sich zu p summieren.</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens; 0 means no limit.</source>
        <translation>Nur aus den k wahrscheinlichsten Tokens sampeln; 0 bedeutet keine Begrenzung.</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>The answer stops after this many tokens.</source>
        <translation>Die Antwort endet nach so vielen Tokens.</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>Max. Tokens:</translation>
    </message>
    <message>
        <source>Run to the token limit</source>
        <translation>Bis zum Token-Limit generieren</translation>
    </message>
    <message>
        <source>Keep generating past the end-of-sequence token, so every pane answers with Max tokens and their tokens/s compare at equal lengths.</source>
        <translation>Über das Sequenzende-Token hinaus weitergenerieren, damit jedes Fenster mit „Max. Tokens“ antwortet und die Tokens/s bei gleicher Länge vergleichbar sind.</translation>
    </message>
    <message>
        <source>thinking…</source>
        <translation>denkt nach…</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tok/s</source>
        <translation>%1 Tokens, %2 tok/s</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>stopped after %1 tokens</source>
        <translation>nach %1 Tokens gestoppt</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>Generierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 could not answer:
%2</source>
        <translation>%1 konnte nicht antworten:
%2</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Answers from %1 appear here.</source>
        <translation>Antworten von %1 erscheinen hier.</translation>
    </message>
    <message>
        <source># Chat with %1</source>
        <translation># Chat mit %1</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>%1 konnte nicht zum Schreiben geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation>Gesprächsverlauf exportieren</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatWorker</name>
    <message>
        <source>Could not load the base model from %1:
%2</source>
        <translation>Das Basismodell konnte nicht aus %1 geladen werden:
%2</translation>
    </message>
    <message>
        <source>Load a base model before attaching %1.</source>
        <translation>Laden Sie ein Basismodell, bevor Sie %1 anhängen.</translation>
    </message>
    <message>
        <source>Could not attach %1:
%2</source>
        <translation>%1 konnte nicht angehängt werden:
%2</translation>
    </message>
    <message>
        <source>Could not detach %1:
%2</source>
        <translation>%1 konnte nicht getrennt werden:
%2</translation>
    </message>
    <message>
        <source>No base model is loaded.</source>
        <translation>Es ist kein Basismodell geladen.</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::CheckpointProbe</name>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>CPU (1 thread)</source>
        <translation>CPU (1 Thread)</translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n threads)</source>
        <translation>
            <numerusform>CPU (%n Thread)</numerusform>
            <numerusform>CPU (%n Threads)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::CompressPage</name>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Drop the base checkpoint folder here.</source>
        <translation>Den Ordner des Basis-Checkpoints hier ablegen.</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Fine-Tune</translation>
    </message>
    <message>
        <source>Drop the fine-tuned checkpoint folder here.</source>
        <translation>Den Ordner des feinabgestimmten Checkpoints hier ablegen.</translation>
    </message>
    <message>
        <source>Choose a base and a fine-tune of the same architecture.</source>
        <translation>Wählen Sie eine Basis und einen Fine-Tune derselben Architektur.</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>Komprimieren</translation>
    </message>
    <message>
        <source>Write the fine-tune as 1-bit signs plus one scale per matrix (Ctrl+Return).</source>
        <translation>Den Fine-Tune als 1-Bit-Vorzeichen plus einen Skalierungsfaktor pro Matrix schreiben (Strg+Eingabe).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the compression; nothing is written (Esc).</source>
        <translation>Die Komprimierung abbrechen; es wird nichts geschrieben (Esc).</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Scale distillation loss</source>
        <translation>Loss der Skalierungsdestillation</translation>
    </message>
    <message>
        <source>Mean squared difference between the fine-tune&apos;s and the compressed model&apos;s logits at each distillation step; lower is better.</source>
        <translation>Mittlere quadratische Abweichung zwischen den Logits des Fine-Tunes und des komprimierten Modells in jedem Destillationsschritt; niedriger ist besser.</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>Logit-MSE</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>self (sequences sampled from the fine-tune)</source>
        <translation>self (aus dem Fine-Tune gesampelte Sequenzen)</translation>
    </message>
    <message>
        <source>Text the scales are distilled on: a .txt or .jsonl file, or empty to sample sequences from the fine-tune itself.</source>
        <translation>Text, auf dem die Skalierungsfaktoren destilliert werden: eine .txt- oder .jsonl-Datei, oder leer, um Sequenzen aus dem Fine-Tune selbst zu sampeln.</translation>
    </message>
    <message>
        <source>Calibration text:</source>
        <translation>Kalibrierungstext:</translation>
    </message>
    <message>
        <source>Calibration text</source>
        <translation>Kalibrierungstext</translation>
    </message>
    <message>
        <source>Text (*.txt *.jsonl);;All files (*)</source>
        <translation>Text (*.txt *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Distillation steps; 0 keeps every scale at mean |delta|.</source>
        <translation>Destillationsschritte; 0 belässt jeden Skalierungsfaktor beim Mittel von |delta|.</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>AdamW learning rate, annealed to zero with a cosine schedule.</source>
        <translation>AdamW-Lernrate, mit einem Cosine-Schedule auf null abgesenkt.</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Calibration sequences per distillation step.</source>
        <translation>Kalibrierungssequenzen pro Destillationsschritt.</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Tokens per calibration sequence.</source>
        <translation>Tokens pro Kalibrierungssequenz.</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>Sequenzlänge:</translation>
    </message>
    <message>
        <source>Seed for calibration sampling; the same seed gives the same package.</source>
        <translation>Seed für das Sampling der Kalibrierungsdaten; derselbe Seed ergibt dasselbe Paket.</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Where to compute: auto uses the GPU when there is one.</source>
        <translation>Wo gerechnet wird: „auto“ nutzt die GPU, wenn eine vorhanden ist.</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Compute precision: auto is bf16 on a GPU and fp32 on the CPU.</source>
        <translation>Rechengenauigkeit: „auto“ ist bf16 auf einer GPU und fp32 auf der CPU.</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>Genauigkeit:</translation>
    </message>
    <message>
        <source>optional held-out text</source>
        <translation>optionaler Held-out-Text</translation>
    </message>
    <message>
        <source>Held-out .txt/.jsonl on which base, fine-tune and compressed losses are measured for the report.</source>
        <translation>Held-out-.txt/.jsonl, auf dem die Losses von Basis, Fine-Tune und komprimiertem Modell für den Bericht gemessen werden.</translation>
    </message>
    <message>
        <source>Evaluation text:</source>
        <translation>Evaluierungstext:</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>Evaluierungstext</translation>
    </message>
    <message>
        <source>The package folder to write (NAME.bitdelta).</source>
        <translation>Der zu schreibende Paketordner (NAME.bitdelta).</translation>
    </message>
    <message>
        <source>Output package:</source>
        <translation>Ausgabepaket:</translation>
    </message>
    <message>
        <source>Output package</source>
        <translation>Ausgabepaket</translation>
    </message>
    <message>
        <source>BitDelta package (*.bitdelta)</source>
        <translation>BitDelta-Paket (*.bitdelta)</translation>
    </message>
    <message>
        <source>Not a usable base model</source>
        <translation>Kein verwendbares Basismodell</translation>
    </message>
    <message>
        <source>Not a usable fine-tune</source>
        <translation>Kein verwendbarer Fine-Tune</translation>
    </message>
    <message>
        <source>%1 cannot be used:
%2</source>
        <translation>%1 kann nicht verwendet werden:
%2</translation>
    </message>
    <message>
        <source>Checking that the two checkpoints match…</source>
        <translation>Prüfe, ob die beiden Checkpoints zusammenpassen…</translation>
    </message>
    <message>
        <source>✔ The fine-tune matches the base (%1, %2 parameters).</source>
        <translation>✔ Der Fine-Tune passt zur Basis (%1, %2 Parameter).</translation>
    </message>
    <message>
        <source>✘ These checkpoints do not form a pair: %1</source>
        <translation>✘ Diese Checkpoints bilden kein Paar: %1</translation>
    </message>
    <message>
        <source>Checkpoints do not match</source>
        <translation>Checkpoints passen nicht zusammen</translation>
    </message>
    <message>
        <source>The fine-tune was not made from this base:
%1</source>
        <translation>Der Fine-Tune wurde nicht aus dieser Basis erstellt:
%1</translation>
    </message>
    <message>
        <source>No output package</source>
        <translation>Kein Ausgabepaket</translation>
    </message>
    <message>
        <source>Choose where to write the package.</source>
        <translation>Wählen Sie, wohin das Paket geschrieben wird.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starte…</translation>
    </message>
    <message>
        <source>Compressing %1…</source>
        <translation>%1 wird komprimiert…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>%1: %p%</source>
        <translation>%1: %p %</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Compressed into %1</source>
        <translation>Komprimiert nach %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Compression was cancelled; nothing was written.</source>
        <translation>Die Komprimierung wurde abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Compression cancelled</source>
        <translation>Komprimierung abgebrochen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Compression failed</source>
        <translation>Komprimierung fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::DropZone</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Pick a Hugging Face checkpoint folder (config.json + safetensors).</source>
        <translation>Einen Hugging-Face-Checkpoint-Ordner wählen (config.json + safetensors).</translation>
    </message>
    <message>
        <source>Reading the checkpoint…</source>
        <translation>Checkpoint wird gelesen…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>%1 layers, hidden %2, %3 heads (%4 KV)</source>
        <translation>%1 Schichten, Hidden %2, %3 Heads (%4 KV)</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>Datentyp</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Größe auf dem Datenträger</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Chat-Template</translation>
    </message>
    <message>
        <source>Recognised from config.json, the safetensors headers and the tokenizer files in this folder.</source>
        <translation>Erkannt aus config.json, den safetensors-Headern und den Tokenizer-Dateien in diesem Ordner.</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>Einen Checkpoint-Ordner wählen</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::InspectPage</name>
    <message>
        <source>Open a .bitdelta package (Ctrl+O) or compress one.</source>
        <translation>Öffnen Sie ein .bitdelta-Paket (Strg+O) oder komprimieren Sie eines.</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>Damit chatten</translation>
    </message>
    <message>
        <source>Attach this package in the Chat page.</source>
        <translation>Dieses Paket auf der Chat-Seite anhängen.</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Save the rows shown in the table, with every diagnostic, as CSV.</source>
        <translation>Die in der Tabelle angezeigten Zeilen mit allen Diagnosewerten als CSV speichern.</translation>
    </message>
    <message>
        <source>Gain kept = (L_base − L_compressed) / (L_base − L_fine-tune): the share of the fine-tune&apos;s improvement over the base that the 1-bit delta keeps.</source>
        <translation>Erhaltener Gewinn = (L_base − L_compressed) / (L_base − L_fine-tune): der Anteil der Verbesserung des Fine-Tunes gegenüber der Basis, den das 1-Bit-Delta behält.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Filter matrices (name, layer, kind…)</source>
        <translation>Matrizen filtern (Name, Schicht, Art…)</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Fidelity by layer</source>
        <translation>Genauigkeit nach Schicht</translation>
    </message>
    <message>
        <source>Relative error ‖Δ − α·sign(Δ)‖/‖Δ‖ of every matrix, layers by kind; red cells are the weakest. Click a cell to select it.</source>
        <translation>Relativer Fehler ‖Δ − α·sign(Δ)‖/‖Δ‖ jeder Matrix, Schichten nach Art; rote Zellen sind die schwächsten. Klicken Sie auf eine Zelle, um sie auszuwählen.</translation>
    </message>
    <message>
        <source>Distillation loss</source>
        <translation>Destillations-Loss</translation>
    </message>
    <message>
        <source>Logit MSE between fine-tune and compressed model at each step of scale distillation.</source>
        <translation>Logit-MSE zwischen Fine-Tune und komprimiertem Modell in jedem Schritt der Skalierungsdestillation.</translation>
    </message>
    <message>
        <source>Δ spectrum</source>
        <translation>Δ-Spektrum</translation>
    </message>
    <message>
        <source>Singular values of the selected matrix&apos;s Δ and the cumulative share of ‖Δ‖² they explain; red points are the low-rank baseline&apos;s ranks.</source>
        <translation>Singulärwerte von Δ der gewählten Matrix und der kumulierte Anteil von ‖Δ‖², den sie erklären; rote Punkte sind die Ränge der Low-Rank-Baseline.</translation>
    </message>
    <message>
        <source>Low-rank baseline</source>
        <translation>Low-Rank-Baseline</translation>
    </message>
    <message>
        <source>Relative error of a rank-r SVD of Δ against the 1-bit delta&apos;s error (dashed); the dotted line is the rank with the same storage.</source>
        <translation>Relativer Fehler einer Rang-r-SVD von Δ im Vergleich zum Fehler des 1-Bit-Deltas (gestrichelt); die gepunktete Linie markiert den Rang mit gleichem Speicherbedarf.</translation>
    </message>
    <message>
        <source>Scales across the model</source>
        <translation>Skalierungsfaktoren im ganzen Modell</translation>
    </message>
    <message>
        <source>Histogram of every matrix&apos;s α before (mean |Δ|) and after distillation; the line marks the selected matrix.</source>
        <translation>Histogramm des α jeder Matrix vor (Mittel von |Δ|) und nach der Destillation; die Linie markiert die gewählte Matrix.</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>Δ-Werte</translation>
    </message>
    <message>
        <source>Histogram of the selected matrix&apos;s Δ entries; every entry is replaced by +α or −α (solid: distilled, dashed: initial).</source>
        <translation>Histogramm der Δ-Einträge der gewählten Matrix; jeder Eintrag wird durch +α oder −α ersetzt (durchgezogen: destilliert, gestrichelt: anfänglich).</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Cannot open package</source>
        <translation>Paket kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 cannot be opened:
%2</source>
        <translation>%1 kann nicht geöffnet werden:
%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 (%n matrices)</source>
        <translation>
            <numerusform>%1 geöffnet (%n Matrix)</numerusform>
            <numerusform>%1 geöffnet (%n Matrizen)</numerusform>
        </translation>
    </message>
    <message>
        <source> — layer %1 %2</source>
        <translation> — Schicht %1 %2</translation>
    </message>
    <message>
        <source>Δ spectrum%1</source>
        <translation>Δ-Spektrum%1</translation>
    </message>
    <message>
        <source>Low-rank baseline%1</source>
        <translation>Low-Rank-Baseline%1</translation>
    </message>
    <message>
        <source>Δ values%1</source>
        <translation>Δ-Werte%1</translation>
    </message>
    <message>
        <source>No package open.</source>
        <translation>Kein Paket geöffnet.</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Fine-Tune</translation>
    </message>
    <message>
        <source>Compressed matrices</source>
        <translation>Komprimierte Matrizen</translation>
    </message>
    <message>
        <source>Fine-tune size (fp16)</source>
        <translation>Größe des Fine-Tunes (fp16)</translation>
    </message>
    <message>
        <source>Package size</source>
        <translation>Paketgröße</translation>
    </message>
    <message>
        <source>Memory saved per fine-tune</source>
        <translation>Gesparter Speicher pro Fine-Tune</translation>
    </message>
    <message>
        <source>%1 (%2× smaller)</source>
        <translation>%1 (%2× kleiner)</translation>
    </message>
    <message>
        <source>Signs / scales / kept tensors</source>
        <translation>Vorzeichen / Skalierungsfaktoren / beibehaltene Tensoren</translation>
    </message>
    <message>
        <source>%1 / %2 / %3</source>
        <translation>%1 / %2 / %3</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>Distillation</source>
        <translation>Destillation</translation>
    </message>
    <message>
        <source>%1 steps, loss %2 → %3 in %4 s</source>
        <translation>%1 Schritte, Loss %2 → %3 in %4 s</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>Evaluierungstext</translation>
    </message>
    <message>
        <source>Loss: base / fine-tune</source>
        <translation>Loss: Basis / Fine-Tune</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Loss: compressed (initial → distilled)</source>
        <translation>Loss: komprimiert (anfänglich → destilliert)</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Gain kept</source>
        <translation>Erhaltener Gewinn</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Rank-16 SVD: loss / gain kept</source>
        <translation>Rang-16-SVD: Loss / erhaltener Gewinn</translation>
    </message>
    <message>
        <source>%1 / %2 %</source>
        <translation>%1 / %2 %</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>layer %1 %2: relative error %3</source>
        <translation>Schicht %1 %2: relativer Fehler %3</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MainWindow</name>
    <message>
        <source>BitDelta Studio</source>
        <translation>BitDelta Studio</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>Komprimieren</translation>
    </message>
    <message>
        <source>Compress a fine-tune into a 1-bit delta (Ctrl+1)</source>
        <translation>Einen Fine-Tune in ein 1-Bit-Delta komprimieren (Strg+1)</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Untersuchen</translation>
    </message>
    <message>
        <source>Inspect a package&apos;s diagnostics (Ctrl+2)</source>
        <translation>Die Diagnosewerte eines Pakets untersuchen (Strg+2)</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Chat with several fine-tunes over one base (Ctrl+3)</source>
        <translation>Mit mehreren Fine-Tunes über einer Basis chatten (Strg+3)</translation>
    </message>
    <message>
        <source>Device: detecting…</source>
        <translation>Gerät: wird erkannt…</translation>
    </message>
    <message>
        <source>Where compression and chat compute by default.</source>
        <translation>Wo Komprimierung und Chat standardmäßig rechnen.</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Gerät: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Package…</source>
        <translation>Paket &amp;öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Choose &amp;Base…</source>
        <translation>&amp;Basis wählen…</translation>
    </message>
    <message>
        <source>Choose &amp;Fine-tune…</source>
        <translation>&amp;Fine-Tune wählen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Compress</source>
        <translation>&amp;Komprimieren</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>&amp;Untersuchen</translation>
    </message>
    <message>
        <source>C&amp;hat</source>
        <translation>C&amp;hat</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The new language takes effect when BitDelta Studio is restarted.</source>
        <translation>Die neue Sprache wird nach einem Neustart von BitDelta Studio wirksam.</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>Aus&amp;führen</translation>
    </message>
    <message>
        <source>Compress / Send</source>
        <translation>Komprimieren / Senden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About BitDelta Studio</source>
        <translation>Ü&amp;ber BitDelta Studio</translation>
    </message>
    <message>
        <source>About BitDelta Studio</source>
        <translation>Über BitDelta Studio</translation>
    </message>
    <message>
        <source>BitDelta Studio compresses fine-tuned language models to 1-bit deltas over their base (Liu et al., 2024) and serves many of them over one base model.</source>
        <translation>BitDelta Studio komprimiert feinabgestimmte Sprachmodelle zu 1-Bit-Deltas gegenüber ihrem Basismodell (Liu et al., 2024) und stellt viele davon über ein einziges Basismodell bereit.</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Open a .bitdelta package</source>
        <translation>Ein .bitdelta-Paket öffnen</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MatrixTableModel</name>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation>Matrix</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>‖Δ‖</source>
        <translation>‖Δ‖</translation>
    </message>
    <message>
        <source>α initial</source>
        <translation>α anfänglich</translation>
    </message>
    <message>
        <source>α distilled</source>
        <translation>α destilliert</translation>
    </message>
    <message>
        <source>Rel. error (initial)</source>
        <translation>Rel. Fehler (anfänglich)</translation>
    </message>
    <message>
        <source>Rel. error</source>
        <translation>Rel. Fehler</translation>
    </message>
    <message>
        <source>cos(Δ, sign Δ)</source>
        <translation>cos(Δ, sign Δ)</translation>
    </message>
    <message>
        <source>SVD rank</source>
        <translation>SVD-Rang</translation>
    </message>
    <message>
        <source>SVD error</source>
        <translation>SVD-Fehler</translation>
    </message>
    <message>
        <source>Output error</source>
        <translation>Ausgabefehler</translation>
    </message>
    <message>
        <source>The weight&apos;s name in the Hugging Face checkpoint.</source>
        <translation>Der Name des Gewichts im Hugging-Face-Checkpoint.</translation>
    </message>
    <message>
        <source>Decoder layer the matrix belongs to.</source>
        <translation>Decoder-Schicht, zu der die Matrix gehört.</translation>
    </message>
    <message>
        <source>Which projection of the layer this matrix is.</source>
        <translation>Welche Projektion der Schicht diese Matrix ist.</translation>
    </message>
    <message>
        <source>Output × input size of the matrix.</source>
        <translation>Ausgabe- × Eingabegröße der Matrix.</translation>
    </message>
    <message>
        <source>Frobenius norm of the fine-tune&apos;s change Δ = W_ft − W_base.</source>
        <translation>Frobeniusnorm der Änderung durch den Fine-Tune, Δ = W_ft − W_base.</translation>
    </message>
    <message>
        <source>Scale before distillation: mean |Δ|, the L2-optimal value.</source>
        <translation>Skalierungsfaktor vor der Destillation: Mittel von |Δ|, der L2-optimale Wert.</translation>
    </message>
    <message>
        <source>Scale after distillation on calibration text.</source>
        <translation>Skalierungsfaktor nach der Destillation auf dem Kalibrierungstext.</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the initial scale.</source>
        <translation>‖Δ − α·sign(Δ)‖ / ‖Δ‖ mit dem anfänglichen Skalierungsfaktor.</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the distilled scale; lower is better.</source>
        <translation>‖Δ − α·sign(Δ)‖ / ‖Δ‖ mit dem destillierten Skalierungsfaktor; niedriger ist besser.</translation>
    </message>
    <message>
        <source>Cosine similarity between Δ and its sign pattern; 1 means the signs capture Δ&apos;s direction fully.</source>
        <translation>Kosinusähnlichkeit zwischen Δ und seinem Vorzeichenmuster; 1 bedeutet, dass die Vorzeichen die Richtung von Δ vollständig erfassen.</translation>
    </message>
    <message>
        <source>Rank of an fp16 SVD approximation that takes at least the 1-bit storage (the paper&apos;s low-rank baseline).</source>
        <translation>Rang einer fp16-SVD-Approximation, die mindestens so viel Speicher wie die 1-Bit-Darstellung belegt (die Low-Rank-Baseline des Papers).</translation>
    </message>
    <message>
        <source>Relative error of that rank-r SVD approximation of Δ.</source>
        <translation>Relativer Fehler dieser Rang-r-SVD-Approximation von Δ.</translation>
    </message>
    <message>
        <source>Relative error of the layer&apos;s output on calibration activations when Δ is replaced by α·sign(Δ).</source>
        <translation>Relativer Fehler der Ausgabe der Schicht auf Kalibrierungsaktivierungen, wenn Δ durch α·sign(Δ) ersetzt wird.</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MemoryBar</name>
    <message>
        <source>Memory used by the shared base, by each attached fine-tune and by the KV cache.</source>
        <translation>Speicherbelegung der gemeinsamen Basis, jedes angehängten Fine-Tunes und des KV-Caches.</translation>
    </message>
    <message>
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV-Cache</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU-Speicher</translation>
    </message>
    <message>
        <source>host memory</source>
        <translation>Hauptspeicher</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::PlotView</name>
    <message>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf);;SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write the plot to %1.</source>
        <translation>Das Diagramm konnte nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>Ansicht zurücksetzen</translation>
    </message>
    <message>
        <source>Export as PNG, PDF or SVG…</source>
        <translation>Als PNG, PDF oder SVG exportieren…</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Compress fine-tuned language models to 1-bit deltas, inspect them and chat with many over one base.</source>
        <translation>Feinabgestimmte Sprachmodelle zu 1-Bit-Deltas komprimieren, sie untersuchen und mit vielen davon über einer Basis chatten.</translation>
    </message>
    <message>
        <source>Base checkpoint folder.</source>
        <translation>Ordner des Basis-Checkpoints.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>ORDNER</translation>
    </message>
    <message>
        <source>Fine-tuned checkpoint folder.</source>
        <translation>Ordner des feinabgestimmten Checkpoints.</translation>
    </message>
    <message>
        <source>A .bitdelta package to inspect.</source>
        <translation>Ein zu untersuchendes .bitdelta-Paket.</translation>
    </message>
    <message>
        <source>PKG</source>
        <translation>PAKET</translation>
    </message>
</context>
</TS>
