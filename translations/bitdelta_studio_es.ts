<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>No se pudo abrir %1 para escribir: %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>quedan unos %1 s</translation>
    </message>
    <message>
        <source>about %1 min %2 s left</source>
        <translation>quedan unos %1 min %2 s</translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>quedan unas %1 h %2 min</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>error relativo</translation>
    </message>
    <message>
        <source>matrix</source>
        <translation>matriz</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>capa</translation>
    </message>
    <message>
        <source>No spectrum recorded</source>
        <translation>No se registró ningún espectro</translation>
    </message>
    <message>
        <source>singular value</source>
        <translation>valor singular</translation>
    </message>
    <message>
        <source>explained variance</source>
        <translation>varianza explicada</translation>
    </message>
    <message>
        <source>cumulative explained variance</source>
        <translation>varianza explicada acumulada</translation>
    </message>
    <message>
        <source>low-rank baseline ranks</source>
        <translation>rangos de la línea base de bajo rango</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>rango</translation>
    </message>
    <message>
        <source>r = %1</source>
        <translation>r = %1</translation>
    </message>
    <message>
        <source>No matrices</source>
        <translation>No hay matrices</translation>
    </message>
    <message>
        <source>initial (mean |Δ|)</source>
        <translation>inicial (media de |Δ|)</translation>
    </message>
    <message>
        <source>distilled</source>
        <translation>destilado</translation>
    </message>
    <message>
        <source>scale α</source>
        <translation>factor de escala α</translation>
    </message>
    <message>
        <source>matrices</source>
        <translation>matrices</translation>
    </message>
    <message>
        <source>%1 L%2</source>
        <translation>%1 L%2</translation>
    </message>
    <message>
        <source>No Δ histogram recorded</source>
        <translation>No se registró ningún histograma de Δ</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>valores de Δ</translation>
    </message>
    <message>
        <source>Δ value</source>
        <translation>valor de Δ</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>pesos</translation>
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
        <translation>Los factores de escala no se destilaron</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>MSE de los logits</translation>
    </message>
    <message>
        <source>step</source>
        <translation>paso</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>conservado</translation>
    </message>
    <message>
        <source>No low-rank baseline</source>
        <translation>Sin línea base de bajo rango</translation>
    </message>
    <message>
        <source>rank-r SVD</source>
        <translation>SVD de rango r</translation>
    </message>
    <message>
        <source>rank r</source>
        <translation>rango r</translation>
    </message>
    <message>
        <source>1-bit: %1</source>
        <translation>1 bit: %1</translation>
    </message>
    <message>
        <source>same storage</source>
        <translation>mismo almacenamiento</translation>
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
        <translation>No hay ningún modelo base cargado.</translation>
    </message>
    <message>
        <source>Where the engine runs: auto uses the GPU when there is one.</source>
        <translation>Dónde se ejecuta el motor: «auto» usa la GPU si hay una.</translation>
    </message>
    <message>
        <source>Load base…</source>
        <translation>Cargar base…</translation>
    </message>
    <message>
        <source>Choose the base checkpoint every package is applied to.</source>
        <translation>Elige el checkpoint base al que se aplica cada paquete.</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Dispositivo:</translation>
    </message>
    <message>
        <source>Packages attached to the base; each adds only its 1-bit signs and scales.</source>
        <translation>Paquetes conectados a la base; cada uno solo añade sus signos de 1 bit y sus factores de escala.</translation>
    </message>
    <message>
        <source>Attach package…</source>
        <translation>Conectar paquete…</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>Desconectar</translation>
    </message>
    <message>
        <source>Base pane</source>
        <translation>Panel de la base</translation>
    </message>
    <message>
        <source>Also answer with the base model, to compare with the fine-tunes.</source>
        <translation>Responder también con el modelo base, para compararlo con los modelos ajustados.</translation>
    </message>
    <message>
        <source>Send to every pane, or to one.</source>
        <translation>Enviar a todos los paneles o a uno.</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Return sends, Esc stops)</source>
        <translation>Pregunta algo… (Ctrl+Intro envía, Esc detiene)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Send to the chosen panes (Ctrl+Return).</source>
        <translation>Enviar a los paneles elegidos (Ctrl+Intro).</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Stop every answer being generated (Esc).</source>
        <translation>Detener todas las respuestas que se están generando (Esc).</translation>
    </message>
    <message>
        <source>Choose the base checkpoint</source>
        <translation>Elegir el checkpoint base</translation>
    </message>
    <message>
        <source>Choose a .bitdelta package</source>
        <translation>Elegir un paquete .bitdelta</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Cargando %1…</translation>
    </message>
    <message>
        <source>Base: &lt;b&gt;%1&lt;/b&gt; on %2</source>
        <translation>Base: &lt;b&gt;%1&lt;/b&gt; en %2</translation>
    </message>
    <message>
        <source>Base model loaded on %1</source>
        <translation>Modelo base cargado en %1</translation>
    </message>
    <message>
        <source>No base model</source>
        <translation>Sin modelo base</translation>
    </message>
    <message>
        <source>Load the base model before attaching %1.</source>
        <translation>Carga el modelo base antes de conectar %1.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Attached %1</source>
        <translation>%1 conectado</translation>
    </message>
    <message>
        <source>Chat engine error</source>
        <translation>Error del motor de chat</translation>
    </message>
    <message>
        <source>All panes</source>
        <translation>Todos los paneles</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatPane</name>
    <message>
        <source>Generated tokens per second of the last answer.</source>
        <translation>Tokens generados por segundo en la última respuesta.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>System prompt and sampling for this pane.</source>
        <translation>Prompt de sistema y muestreo de este panel.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Forget this pane&apos;s conversation.</source>
        <translation>Olvidar la conversación de este panel.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Save the transcript as Markdown or JSON.</source>
        <translation>Guardar la transcripción como Markdown o JSON.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>System prompt (optional)</source>
        <translation>Prompt de sistema (opcional)</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>Sistema:</translation>
    </message>
    <message>
        <source>0 picks the most likely token every time (greedy).</source>
        <translation>0 elige siempre el token más probable (greedy).</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatura:</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities sum to p.</source>
        <translation>Muestrear solo entre los tokens más probables cuyas probabilidades suman p.</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens; 0 means no limit.</source>
        <translation>Muestrear solo entre los k tokens más probables; 0 significa sin límite.</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>The answer stops after this many tokens.</source>
        <translation>La respuesta se detiene tras este número de tokens.</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>Tokens máx.:</translation>
    </message>
    <message>
        <source>Run to the token limit</source>
        <translation>Generar hasta el límite de tokens</translation>
    </message>
    <message>
        <source>Keep generating past the end-of-sequence token, so every pane answers with Max tokens and their tokens/s compare at equal lengths.</source>
        <translation>Seguir generando más allá del token de fin de secuencia, para que cada panel responda con «Tokens máx.» y sus tokens/s se comparen a igual longitud.</translation>
    </message>
    <message>
        <source>thinking…</source>
        <translation>pensando…</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tok/s</source>
        <translation>%1 tokens, %2 tok/s</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>stopped after %1 tokens</source>
        <translation>detenido tras %1 tokens</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>Falló la generación</translation>
    </message>
    <message>
        <source>%1 could not answer:
%2</source>
        <translation>%1 no pudo responder:
%2</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Tú</translation>
    </message>
    <message>
        <source>Answers from %1 appear here.</source>
        <translation>Las respuestas de %1 aparecen aquí.</translation>
    </message>
    <message>
        <source># Chat with %1</source>
        <translation># Chat con %1</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Sistema</translation>
    </message>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>No se pudo abrir %1 para escribir: %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation>Exportar transcripción</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Falló la exportación</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatWorker</name>
    <message>
        <source>Could not load the base model from %1:
%2</source>
        <translation>No se pudo cargar el modelo base desde %1:
%2</translation>
    </message>
    <message>
        <source>Load a base model before attaching %1.</source>
        <translation>Carga un modelo base antes de conectar %1.</translation>
    </message>
    <message>
        <source>Could not attach %1:
%2</source>
        <translation>No se pudo conectar %1:
%2</translation>
    </message>
    <message>
        <source>Could not detach %1:
%2</source>
        <translation>No se pudo desconectar %1:
%2</translation>
    </message>
    <message>
        <source>No base model is loaded.</source>
        <translation>No hay ningún modelo base cargado.</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::CheckpointProbe</name>
    <message>
        <source>CUDA GPU</source>
        <translation>GPU CUDA</translation>
    </message>
    <message>
        <source>CPU (1 thread)</source>
        <translation>CPU (1 hilo)</translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n threads)</source>
        <translation>
            <numerusform>CPU (%n hilo)</numerusform>
            <numerusform>CPU (%n hilos)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::CompressPage</name>
    <message>
        <source>Base model</source>
        <translation>Modelo base</translation>
    </message>
    <message>
        <source>Drop the base checkpoint folder here.</source>
        <translation>Suelta aquí la carpeta del checkpoint base.</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Modelo ajustado</translation>
    </message>
    <message>
        <source>Drop the fine-tuned checkpoint folder here.</source>
        <translation>Suelta aquí la carpeta del checkpoint ajustado.</translation>
    </message>
    <message>
        <source>Choose a base and a fine-tune of the same architecture.</source>
        <translation>Elige una base y un modelo ajustado de la misma arquitectura.</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>Comprimir</translation>
    </message>
    <message>
        <source>Write the fine-tune as 1-bit signs plus one scale per matrix (Ctrl+Return).</source>
        <translation>Escribir el modelo ajustado como signos de 1 bit más un factor de escala por matriz (Ctrl+Intro).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the compression; nothing is written (Esc).</source>
        <translation>Detener la compresión; no se escribe nada (Esc).</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inactivo</translation>
    </message>
    <message>
        <source>Scale distillation loss</source>
        <translation>Pérdida de la destilación de escalas</translation>
    </message>
    <message>
        <source>Mean squared difference between the fine-tune&apos;s and the compressed model&apos;s logits at each distillation step; lower is better.</source>
        <translation>Diferencia cuadrática media entre los logits del modelo ajustado y los del modelo comprimido en cada paso de destilación; cuanto menor, mejor.</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>MSE de los logits</translation>
    </message>
    <message>
        <source>step</source>
        <translation>paso</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>self (sequences sampled from the fine-tune)</source>
        <translation>self (secuencias muestreadas del modelo ajustado)</translation>
    </message>
    <message>
        <source>Text the scales are distilled on: a .txt or .jsonl file, or empty to sample sequences from the fine-tune itself.</source>
        <translation>Texto con el que se destilan los factores de escala: un archivo .txt o .jsonl, o vacío para muestrear secuencias del propio modelo ajustado.</translation>
    </message>
    <message>
        <source>Calibration text:</source>
        <translation>Texto de calibración:</translation>
    </message>
    <message>
        <source>Calibration text</source>
        <translation>Texto de calibración</translation>
    </message>
    <message>
        <source>Text (*.txt *.jsonl);;All files (*)</source>
        <translation>Texto (*.txt *.jsonl);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Distillation steps; 0 keeps every scale at mean |delta|.</source>
        <translation>Pasos de destilación; 0 deja cada factor de escala en la media de |delta|.</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Pasos:</translation>
    </message>
    <message>
        <source>AdamW learning rate, annealed to zero with a cosine schedule.</source>
        <translation>Tasa de aprendizaje de AdamW, reducida a cero con una programación coseno.</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Tasa de aprendizaje:</translation>
    </message>
    <message>
        <source>Calibration sequences per distillation step.</source>
        <translation>Secuencias de calibración por paso de destilación.</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Tamaño de lote:</translation>
    </message>
    <message>
        <source>Tokens per calibration sequence.</source>
        <translation>Tokens por secuencia de calibración.</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>Longitud de secuencia:</translation>
    </message>
    <message>
        <source>Seed for calibration sampling; the same seed gives the same package.</source>
        <translation>Semilla del muestreo de calibración; la misma semilla da el mismo paquete.</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Semilla:</translation>
    </message>
    <message>
        <source>Where to compute: auto uses the GPU when there is one.</source>
        <translation>Dónde calcular: «auto» usa la GPU si hay una.</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Dispositivo:</translation>
    </message>
    <message>
        <source>Compute precision: auto is bf16 on a GPU and fp32 on the CPU.</source>
        <translation>Precisión de cálculo: «auto» es bf16 en una GPU y fp32 en la CPU.</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>Precisión:</translation>
    </message>
    <message>
        <source>optional held-out text</source>
        <translation>texto reservado opcional</translation>
    </message>
    <message>
        <source>Held-out .txt/.jsonl on which base, fine-tune and compressed losses are measured for the report.</source>
        <translation>Archivo .txt/.jsonl reservado en el que se miden las pérdidas de la base, del modelo ajustado y del comprimido para el informe.</translation>
    </message>
    <message>
        <source>Evaluation text:</source>
        <translation>Texto de evaluación:</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>Texto de evaluación</translation>
    </message>
    <message>
        <source>The package folder to write (NAME.bitdelta).</source>
        <translation>La carpeta del paquete que se escribirá (NOMBRE.bitdelta).</translation>
    </message>
    <message>
        <source>Output package:</source>
        <translation>Paquete de salida:</translation>
    </message>
    <message>
        <source>Output package</source>
        <translation>Paquete de salida</translation>
    </message>
    <message>
        <source>BitDelta package (*.bitdelta)</source>
        <translation>Paquete BitDelta (*.bitdelta)</translation>
    </message>
    <message>
        <source>Not a usable base model</source>
        <translation>No es un modelo base utilizable</translation>
    </message>
    <message>
        <source>Not a usable fine-tune</source>
        <translation>No es un modelo ajustado utilizable</translation>
    </message>
    <message>
        <source>%1 cannot be used:
%2</source>
        <translation>%1 no se puede usar:
%2</translation>
    </message>
    <message>
        <source>Checking that the two checkpoints match…</source>
        <translation>Comprobando que los dos checkpoints coinciden…</translation>
    </message>
    <message>
        <source>✔ The fine-tune matches the base (%1, %2 parameters).</source>
        <translation>✔ El modelo ajustado corresponde a la base (%1, %2 parámetros).</translation>
    </message>
    <message>
        <source>✘ These checkpoints do not form a pair: %1</source>
        <translation>✘ Estos checkpoints no forman un par: %1</translation>
    </message>
    <message>
        <source>Checkpoints do not match</source>
        <translation>Los checkpoints no coinciden</translation>
    </message>
    <message>
        <source>The fine-tune was not made from this base:
%1</source>
        <translation>El modelo ajustado no se creó a partir de esta base:
%1</translation>
    </message>
    <message>
        <source>No output package</source>
        <translation>Sin paquete de salida</translation>
    </message>
    <message>
        <source>Choose where to write the package.</source>
        <translation>Elige dónde escribir el paquete.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Compressing %1…</source>
        <translation>Comprimiendo %1…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
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
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Se escribió %1</translation>
    </message>
    <message>
        <source>Compressed into %1</source>
        <translation>Comprimido en %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Compression was cancelled; nothing was written.</source>
        <translation>Se canceló la compresión; no se escribió nada.</translation>
    </message>
    <message>
        <source>Compression cancelled</source>
        <translation>Compresión cancelada</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Compression failed</source>
        <translation>Falló la compresión</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::DropZone</name>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Pick a Hugging Face checkpoint folder (config.json + safetensors).</source>
        <translation>Elige una carpeta de checkpoint de Hugging Face (config.json + safetensors).</translation>
    </message>
    <message>
        <source>Reading the checkpoint…</source>
        <translation>Leyendo el checkpoint…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Arquitectura</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Forma</translation>
    </message>
    <message>
        <source>%1 layers, hidden %2, %3 heads (%4 KV)</source>
        <translation>%1 capas, dimensión oculta %2, %3 cabezas (%4 KV)</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>Tipo de datos</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Tamaño en disco</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizador</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Plantilla de chat</translation>
    </message>
    <message>
        <source>Recognised from config.json, the safetensors headers and the tokenizer files in this folder.</source>
        <translation>Reconocido a partir de config.json, las cabeceras safetensors y los archivos del tokenizador de esta carpeta.</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>Elegir una carpeta de checkpoint</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::InspectPage</name>
    <message>
        <source>Open a .bitdelta package (Ctrl+O) or compress one.</source>
        <translation>Abre un paquete .bitdelta (Ctrl+O) o comprime uno.</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>Chatear con él</translation>
    </message>
    <message>
        <source>Attach this package in the Chat page.</source>
        <translation>Conectar este paquete en la página Chat.</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Save the rows shown in the table, with every diagnostic, as CSV.</source>
        <translation>Guardar como CSV las filas mostradas en la tabla, con todos los diagnósticos.</translation>
    </message>
    <message>
        <source>Gain kept = (L_base − L_compressed) / (L_base − L_fine-tune): the share of the fine-tune&apos;s improvement over the base that the 1-bit delta keeps.</source>
        <translation>Ganancia conservada = (L_base − L_compressed) / (L_base − L_fine-tune): la parte de la mejora del modelo ajustado sobre la base que conserva el delta de 1 bit.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Filter matrices (name, layer, kind…)</source>
        <translation>Filtrar matrices (nombre, capa, tipo…)</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>Fidelity by layer</source>
        <translation>Fidelidad por capa</translation>
    </message>
    <message>
        <source>Relative error ‖Δ − α·sign(Δ)‖/‖Δ‖ of every matrix, layers by kind; red cells are the weakest. Click a cell to select it.</source>
        <translation>Error relativo ‖Δ − α·sign(Δ)‖/‖Δ‖ de cada matriz, capas por tipo; las celdas rojas son las más débiles. Haz clic en una celda para seleccionarla.</translation>
    </message>
    <message>
        <source>Distillation loss</source>
        <translation>Pérdida de destilación</translation>
    </message>
    <message>
        <source>Logit MSE between fine-tune and compressed model at each step of scale distillation.</source>
        <translation>MSE de los logits entre el modelo ajustado y el comprimido en cada paso de la destilación de escalas.</translation>
    </message>
    <message>
        <source>Δ spectrum</source>
        <translation>Espectro de Δ</translation>
    </message>
    <message>
        <source>Singular values of the selected matrix&apos;s Δ and the cumulative share of ‖Δ‖² they explain; red points are the low-rank baseline&apos;s ranks.</source>
        <translation>Valores singulares del Δ de la matriz seleccionada y la fracción acumulada de ‖Δ‖² que explican; los puntos rojos son los rangos de la línea base de bajo rango.</translation>
    </message>
    <message>
        <source>Low-rank baseline</source>
        <translation>Línea base de bajo rango</translation>
    </message>
    <message>
        <source>Relative error of a rank-r SVD of Δ against the 1-bit delta&apos;s error (dashed); the dotted line is the rank with the same storage.</source>
        <translation>Error relativo de una SVD de rango r de Δ frente al error del delta de 1 bit (discontinua); la línea punteada es el rango con el mismo almacenamiento.</translation>
    </message>
    <message>
        <source>Scales across the model</source>
        <translation>Factores de escala en todo el modelo</translation>
    </message>
    <message>
        <source>Histogram of every matrix&apos;s α before (mean |Δ|) and after distillation; the line marks the selected matrix.</source>
        <translation>Histograma del α de cada matriz antes (media de |Δ|) y después de la destilación; la línea marca la matriz seleccionada.</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>Valores de Δ</translation>
    </message>
    <message>
        <source>Histogram of the selected matrix&apos;s Δ entries; every entry is replaced by +α or −α (solid: distilled, dashed: initial).</source>
        <translation>Histograma de las entradas de Δ de la matriz seleccionada; cada entrada se sustituye por +α o −α (continua: destilado, discontinua: inicial).</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Abriendo %1…</translation>
    </message>
    <message>
        <source>Cannot open package</source>
        <translation>No se puede abrir el paquete</translation>
    </message>
    <message>
        <source>%1 cannot be opened:
%2</source>
        <translation>No se puede abrir %1:
%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 (%n matrices)</source>
        <translation>
            <numerusform>%1 abierto (%n matriz)</numerusform>
            <numerusform>%1 abierto (%n matrices)</numerusform>
        </translation>
    </message>
    <message>
        <source> — layer %1 %2</source>
        <translation> — capa %1 %2</translation>
    </message>
    <message>
        <source>Δ spectrum%1</source>
        <translation>Espectro de Δ%1</translation>
    </message>
    <message>
        <source>Low-rank baseline%1</source>
        <translation>Línea base de bajo rango%1</translation>
    </message>
    <message>
        <source>Δ values%1</source>
        <translation>Valores de Δ%1</translation>
    </message>
    <message>
        <source>No package open.</source>
        <translation>No hay ningún paquete abierto.</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Arquitectura</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Base</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Modelo ajustado</translation>
    </message>
    <message>
        <source>Compressed matrices</source>
        <translation>Matrices comprimidas</translation>
    </message>
    <message>
        <source>Fine-tune size (fp16)</source>
        <translation>Tamaño del modelo ajustado (fp16)</translation>
    </message>
    <message>
        <source>Package size</source>
        <translation>Tamaño del paquete</translation>
    </message>
    <message>
        <source>Memory saved per fine-tune</source>
        <translation>Memoria ahorrada por modelo ajustado</translation>
    </message>
    <message>
        <source>%1 (%2× smaller)</source>
        <translation>%1 (%2× más pequeño)</translation>
    </message>
    <message>
        <source>Signs / scales / kept tensors</source>
        <translation>Signos / factores de escala / tensores conservados</translation>
    </message>
    <message>
        <source>%1 / %2 / %3</source>
        <translation>%1 / %2 / %3</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Calibración</translation>
    </message>
    <message>
        <source>Distillation</source>
        <translation>Destilación</translation>
    </message>
    <message>
        <source>%1 steps, loss %2 → %3 in %4 s</source>
        <translation>%1 pasos, pérdida %2 → %3 en %4 s</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n/d</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>Texto de evaluación</translation>
    </message>
    <message>
        <source>Loss: base / fine-tune</source>
        <translation>Pérdida: base / modelo ajustado</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Loss: compressed (initial → distilled)</source>
        <translation>Pérdida: comprimido (inicial → destilado)</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Gain kept</source>
        <translation>Ganancia conservada</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Rank-16 SVD: loss / gain kept</source>
        <translation>SVD de rango 16: pérdida / ganancia conservada</translation>
    </message>
    <message>
        <source>%1 / %2 %</source>
        <translation>%1 / %2 %</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>Exportar tabla</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Falló la exportación</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Se escribió %1</translation>
    </message>
    <message>
        <source>layer %1 %2: relative error %3</source>
        <translation>capa %1 %2: error relativo %3</translation>
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
        <translation>Comprimir</translation>
    </message>
    <message>
        <source>Compress a fine-tune into a 1-bit delta (Ctrl+1)</source>
        <translation>Comprimir un modelo ajustado en un delta de 1 bit (Ctrl+1)</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Inspeccionar</translation>
    </message>
    <message>
        <source>Inspect a package&apos;s diagnostics (Ctrl+2)</source>
        <translation>Inspeccionar los diagnósticos de un paquete (Ctrl+2)</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Chat with several fine-tunes over one base (Ctrl+3)</source>
        <translation>Chatear con varios modelos ajustados sobre una misma base (Ctrl+3)</translation>
    </message>
    <message>
        <source>Device: detecting…</source>
        <translation>Dispositivo: detectando…</translation>
    </message>
    <message>
        <source>Where compression and chat compute by default.</source>
        <translation>Dónde calculan por defecto la compresión y el chat.</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Dispositivo: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Open Package…</source>
        <translation>&amp;Abrir paquete…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;recientes</translation>
    </message>
    <message>
        <source>Choose &amp;Base…</source>
        <translation>Elegir &amp;base…</translation>
    </message>
    <message>
        <source>Choose &amp;Fine-tune…</source>
        <translation>Elegir modelo a&amp;justado…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Compress</source>
        <translation>&amp;Comprimir</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>&amp;Inspeccionar</translation>
    </message>
    <message>
        <source>C&amp;hat</source>
        <translation>C&amp;hat</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>I&amp;dioma</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The new language takes effect when BitDelta Studio is restarted.</source>
        <translation>El nuevo idioma se aplicará cuando reinicies BitDelta Studio.</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>E&amp;jecutar</translation>
    </message>
    <message>
        <source>Compress / Send</source>
        <translation>Comprimir / Enviar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About BitDelta Studio</source>
        <translation>&amp;Acerca de BitDelta Studio</translation>
    </message>
    <message>
        <source>About BitDelta Studio</source>
        <translation>Acerca de BitDelta Studio</translation>
    </message>
    <message>
        <source>BitDelta Studio compresses fine-tuned language models to 1-bit deltas over their base (Liu et al., 2024) and serves many of them over one base model.</source>
        <translation>BitDelta Studio comprime modelos de lenguaje ajustados en deltas de 1 bit respecto a su base (Liu et al., 2024) y sirve muchos de ellos sobre un único modelo base.</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Borrar lista</translation>
    </message>
    <message>
        <source>Open a .bitdelta package</source>
        <translation>Abrir un paquete .bitdelta</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MatrixTableModel</name>
    <message>
        <source>n/a</source>
        <translation>n/d</translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation>Matriz</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Forma</translation>
    </message>
    <message>
        <source>‖Δ‖</source>
        <translation>‖Δ‖</translation>
    </message>
    <message>
        <source>α initial</source>
        <translation>α inicial</translation>
    </message>
    <message>
        <source>α distilled</source>
        <translation>α destilado</translation>
    </message>
    <message>
        <source>Rel. error (initial)</source>
        <translation>Error rel. (inicial)</translation>
    </message>
    <message>
        <source>Rel. error</source>
        <translation>Error rel.</translation>
    </message>
    <message>
        <source>cos(Δ, sign Δ)</source>
        <translation>cos(Δ, sign Δ)</translation>
    </message>
    <message>
        <source>SVD rank</source>
        <translation>Rango SVD</translation>
    </message>
    <message>
        <source>SVD error</source>
        <translation>Error SVD</translation>
    </message>
    <message>
        <source>Output error</source>
        <translation>Error de salida</translation>
    </message>
    <message>
        <source>The weight&apos;s name in the Hugging Face checkpoint.</source>
        <translation>El nombre del peso en el checkpoint de Hugging Face.</translation>
    </message>
    <message>
        <source>Decoder layer the matrix belongs to.</source>
        <translation>Capa del decodificador a la que pertenece la matriz.</translation>
    </message>
    <message>
        <source>Which projection of the layer this matrix is.</source>
        <translation>Qué proyección de la capa es esta matriz.</translation>
    </message>
    <message>
        <source>Output × input size of the matrix.</source>
        <translation>Tamaño salida × entrada de la matriz.</translation>
    </message>
    <message>
        <source>Frobenius norm of the fine-tune&apos;s change Δ = W_ft − W_base.</source>
        <translation>Norma de Frobenius del cambio introducido por el modelo ajustado, Δ = W_ft − W_base.</translation>
    </message>
    <message>
        <source>Scale before distillation: mean |Δ|, the L2-optimal value.</source>
        <translation>Factor de escala antes de la destilación: media de |Δ|, el valor óptimo en L2.</translation>
    </message>
    <message>
        <source>Scale after distillation on calibration text.</source>
        <translation>Factor de escala tras la destilación con el texto de calibración.</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the initial scale.</source>
        <translation>‖Δ − α·sign(Δ)‖ / ‖Δ‖ con el factor de escala inicial.</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the distilled scale; lower is better.</source>
        <translation>‖Δ − α·sign(Δ)‖ / ‖Δ‖ con el factor de escala destilado; cuanto menor, mejor.</translation>
    </message>
    <message>
        <source>Cosine similarity between Δ and its sign pattern; 1 means the signs capture Δ&apos;s direction fully.</source>
        <translation>Similitud coseno entre Δ y su patrón de signos; 1 significa que los signos captan por completo la dirección de Δ.</translation>
    </message>
    <message>
        <source>Rank of an fp16 SVD approximation that takes at least the 1-bit storage (the paper&apos;s low-rank baseline).</source>
        <translation>Rango de una aproximación SVD en fp16 que ocupa al menos el almacenamiento de 1 bit (la línea base de bajo rango del artículo).</translation>
    </message>
    <message>
        <source>Relative error of that rank-r SVD approximation of Δ.</source>
        <translation>Error relativo de esa aproximación SVD de rango r de Δ.</translation>
    </message>
    <message>
        <source>Relative error of the layer&apos;s output on calibration activations when Δ is replaced by α·sign(Δ).</source>
        <translation>Error relativo de la salida de la capa sobre las activaciones de calibración cuando Δ se sustituye por α·sign(Δ).</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MemoryBar</name>
    <message>
        <source>Memory used by the shared base, by each attached fine-tune and by the KV cache.</source>
        <translation>Memoria usada por la base compartida, por cada modelo ajustado conectado y por la caché KV.</translation>
    </message>
    <message>
        <source>base</source>
        <translation>base</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>caché KV</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>memoria de GPU</translation>
    </message>
    <message>
        <source>host memory</source>
        <translation>memoria del host</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Ningún modelo cargado</translation>
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
        <translation>Exportar gráfico</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)</source>
        <translation>Imagen PNG (*.png);;Documento PDF (*.pdf);;Imagen SVG (*.svg)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Falló la exportación</translation>
    </message>
    <message>
        <source>Could not write the plot to %1.</source>
        <translation>No se pudo escribir el gráfico en %1.</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>Restablecer vista</translation>
    </message>
    <message>
        <source>Export as PNG, PDF or SVG…</source>
        <translation>Exportar como PNG, PDF o SVG…</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Compress fine-tuned language models to 1-bit deltas, inspect them and chat with many over one base.</source>
        <translation>Comprime modelos de lenguaje ajustados en deltas de 1 bit, inspecciónalos y chatea con muchos de ellos sobre una misma base.</translation>
    </message>
    <message>
        <source>Base checkpoint folder.</source>
        <translation>Carpeta del checkpoint base.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>CARPETA</translation>
    </message>
    <message>
        <source>Fine-tuned checkpoint folder.</source>
        <translation>Carpeta del checkpoint ajustado.</translation>
    </message>
    <message>
        <source>A .bitdelta package to inspect.</source>
        <translation>Un paquete .bitdelta para inspeccionar.</translation>
    </message>
    <message>
        <source>PKG</source>
        <translation>PAQUETE</translation>
    </message>
</context>
</TS>
