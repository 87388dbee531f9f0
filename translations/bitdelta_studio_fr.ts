<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>Impossible d’ouvrir %1 en écriture : %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>environ %1 s restantes</translation>
    </message>
    <message>
        <source>about %1 min %2 s left</source>
        <translation>environ %1 min %2 s restantes</translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>environ %1 h %2 min restantes</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>erreur relative</translation>
    </message>
    <message>
        <source>matrix</source>
        <translation>matrice</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>couche</translation>
    </message>
    <message>
        <source>No spectrum recorded</source>
        <translation>Aucun spectre enregistré</translation>
    </message>
    <message>
        <source>singular value</source>
        <translation>valeur singulière</translation>
    </message>
    <message>
        <source>explained variance</source>
        <translation>variance expliquée</translation>
    </message>
    <message>
        <source>cumulative explained variance</source>
        <translation>variance expliquée cumulée</translation>
    </message>
    <message>
        <source>low-rank baseline ranks</source>
        <translation>rangs de la référence de rang faible</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>rang</translation>
    </message>
    <message>
        <source>r = %1</source>
        <translation>r = %1</translation>
    </message>
    <message>
        <source>No matrices</source>
        <translation>Aucune matrice</translation>
    </message>
    <message>
        <source>initial (mean |Δ|)</source>
        <translation>initial (moyenne de |Δ|)</translation>
    </message>
    <message>
        <source>distilled</source>
        <translation>distillé</translation>
    </message>
    <message>
        <source>scale α</source>
        <translation>facteur d’échelle α</translation>
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
        <translation>Aucun histogramme de Δ enregistré</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>valeurs de Δ</translation>
    </message>
    <message>
        <source>Δ value</source>
        <translation>valeur de Δ</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>poids</translation>
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
        <translation>Les facteurs d’échelle n’ont pas été distillés</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>MSE des logits</translation>
    </message>
    <message>
        <source>step</source>
        <translation>étape</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>conservé</translation>
    </message>
    <message>
        <source>No low-rank baseline</source>
        <translation>Aucune référence de rang faible</translation>
    </message>
    <message>
        <source>rank-r SVD</source>
        <translation>SVD de rang r</translation>
    </message>
    <message>
        <source>rank r</source>
        <translation>rang r</translation>
    </message>
    <message>
        <source>1-bit: %1</source>
        <translation>1 bit : %1</translation>
    </message>
    <message>
        <source>same storage</source>
        <translation>même stockage</translation>
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
        <translation>Aucun modèle de base chargé.</translation>
    </message>
    <message>
        <source>Where the engine runs: auto uses the GPU when there is one.</source>
        <translation>Où le moteur s’exécute : « auto » utilise le GPU s’il y en a un.</translation>
    </message>
    <message>
        <source>Load base…</source>
        <translation>Charger la base…</translation>
    </message>
    <message>
        <source>Choose the base checkpoint every package is applied to.</source>
        <translation>Choisir le checkpoint de base auquel chaque paquet est appliqué.</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Périphérique :</translation>
    </message>
    <message>
        <source>Packages attached to the base; each adds only its 1-bit signs and scales.</source>
        <translation>Paquets attachés à la base ; chacun n’ajoute que ses signes sur 1 bit et ses facteurs d’échelle.</translation>
    </message>
    <message>
        <source>Attach package…</source>
        <translation>Attacher un paquet…</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>Détacher</translation>
    </message>
    <message>
        <source>Base pane</source>
        <translation>Panneau de la base</translation>
    </message>
    <message>
        <source>Also answer with the base model, to compare with the fine-tunes.</source>
        <translation>Répondre aussi avec le modèle de base, pour comparer avec les modèles affinés.</translation>
    </message>
    <message>
        <source>Send to every pane, or to one.</source>
        <translation>Envoyer à tous les panneaux ou à un seul.</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Return sends, Esc stops)</source>
        <translation>Posez une question… (Ctrl+Entrée envoie, Échap arrête)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Send to the chosen panes (Ctrl+Return).</source>
        <translation>Envoyer aux panneaux choisis (Ctrl+Entrée).</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Stop every answer being generated (Esc).</source>
        <translation>Arrêter toutes les réponses en cours de génération (Échap).</translation>
    </message>
    <message>
        <source>Choose the base checkpoint</source>
        <translation>Choisir le checkpoint de base</translation>
    </message>
    <message>
        <source>Choose a .bitdelta package</source>
        <translation>Choisir un paquet .bitdelta</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Chargement de %1…</translation>
    </message>
    <message>
        <source>Base: &lt;b&gt;%1&lt;/b&gt; on %2</source>
        <translation>Base : &lt;b&gt;%1&lt;/b&gt; sur %2</translation>
    </message>
    <message>
        <source>Base model loaded on %1</source>
        <translation>Modèle de base chargé sur %1</translation>
    </message>
    <message>
        <source>No base model</source>
        <translation>Aucun modèle de base</translation>
    </message>
    <message>
        <source>Load the base model before attaching %1.</source>
        <translation>Chargez le modèle de base avant d’attacher %1.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Attached %1</source>
        <translation>%1 attaché</translation>
    </message>
    <message>
        <source>Chat engine error</source>
        <translation>Erreur du moteur de chat</translation>
    </message>
    <message>
        <source>All panes</source>
        <translation>Tous les panneaux</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatPane</name>
    <message>
        <source>Generated tokens per second of the last answer.</source>
        <translation>Tokens générés par seconde lors de la dernière réponse.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>System prompt and sampling for this pane.</source>
        <translation>Prompt système et échantillonnage de ce panneau.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Forget this pane&apos;s conversation.</source>
        <translation>Oublier la conversation de ce panneau.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Save the transcript as Markdown or JSON.</source>
        <translation>Enregistrer la transcription au format Markdown ou JSON.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>System prompt (optional)</source>
        <translation>Prompt système (facultatif)</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>Système :</translation>
    </message>
    <message>
        <source>0 picks the most likely token every time (greedy).</source>
        <translation>0 choisit à chaque fois le token le plus probable (décodage glouton).</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Température :</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities sum to p.</source>
        <translation>Échantillonner uniquement parmi les tokens les plus probables dont les probabilités totalisent p.</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p :</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens; 0 means no limit.</source>
        <translation>Échantillonner uniquement parmi les k tokens les plus probables ; 0 signifie sans limite.</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k :</translation>
    </message>
    <message>
        <source>The answer stops after this many tokens.</source>
        <translation>La réponse s’arrête après ce nombre de tokens.</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>Tokens max. :</translation>
    </message>
    <message>
        <source>Run to the token limit</source>
        <translation>Générer jusqu&apos;à la limite de tokens</translation>
    </message>
    <message>
        <source>Keep generating past the end-of-sequence token, so every pane answers with Max tokens and their tokens/s compare at equal lengths.</source>
        <translation>Continuer à générer au-delà du token de fin de séquence, pour que chaque panneau réponde avec « Tokens max. » et que leurs tokens/s se comparent à longueur égale.</translation>
    </message>
    <message>
        <source>thinking…</source>
        <translation>réflexion…</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tok/s</source>
        <translation>%1 tokens, %2 tok/s</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>stopped after %1 tokens</source>
        <translation>arrêté après %1 tokens</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>Échec de la génération</translation>
    </message>
    <message>
        <source>%1 could not answer:
%2</source>
        <translation>%1 n’a pas pu répondre :
%2</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <source>Answers from %1 appear here.</source>
        <translation>Les réponses de %1 s’affichent ici.</translation>
    </message>
    <message>
        <source># Chat with %1</source>
        <translation># Conversation avec %1</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>Impossible d’ouvrir %1 en écriture : %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation>Exporter la transcription</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’exportation</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatWorker</name>
    <message>
        <source>Could not load the base model from %1:
%2</source>
        <translation>Impossible de charger le modèle de base depuis %1 :
%2</translation>
    </message>
    <message>
        <source>Load a base model before attaching %1.</source>
        <translation>Chargez un modèle de base avant d’attacher %1.</translation>
    </message>
    <message>
        <source>Could not attach %1:
%2</source>
        <translation>Impossible d’attacher %1 :
%2</translation>
    </message>
    <message>
        <source>Could not detach %1:
%2</source>
        <translation>Impossible de détacher %1 :
%2</translation>
    </message>
    <message>
        <source>No base model is loaded.</source>
        <translation>Aucun modèle de base n’est chargé.</translation>
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
        <translation>CPU (1 thread)</translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n threads)</source>
        <translation>
            <numerusform>CPU (%n thread)</numerusform>
            <numerusform>CPU (%n threads)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::CompressPage</name>
    <message>
        <source>Base model</source>
        <translation>Modèle de base</translation>
    </message>
    <message>
        <source>Drop the base checkpoint folder here.</source>
        <translation>Déposez ici le dossier du checkpoint de base.</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Modèle affiné</translation>
    </message>
    <message>
        <source>Drop the fine-tuned checkpoint folder here.</source>
        <translation>Déposez ici le dossier du checkpoint affiné.</translation>
    </message>
    <message>
        <source>Choose a base and a fine-tune of the same architecture.</source>
        <translation>Choisissez une base et un modèle affiné de même architecture.</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>Compresser</translation>
    </message>
    <message>
        <source>Write the fine-tune as 1-bit signs plus one scale per matrix (Ctrl+Return).</source>
        <translation>Écrire le modèle affiné sous forme de signes sur 1 bit et d’un facteur d’échelle par matrice (Ctrl+Entrée).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop the compression; nothing is written (Esc).</source>
        <translation>Arrêter la compression ; rien n’est écrit (Échap).</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inactif</translation>
    </message>
    <message>
        <source>Scale distillation loss</source>
        <translation>Perte de la distillation des facteurs d’échelle</translation>
    </message>
    <message>
        <source>Mean squared difference between the fine-tune&apos;s and the compressed model&apos;s logits at each distillation step; lower is better.</source>
        <translation>Écart quadratique moyen entre les logits du modèle affiné et ceux du modèle compressé à chaque étape de distillation ; plus c’est bas, mieux c’est.</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>MSE des logits</translation>
    </message>
    <message>
        <source>step</source>
        <translation>étape</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>self (sequences sampled from the fine-tune)</source>
        <translation>self (séquences échantillonnées à partir du modèle affiné)</translation>
    </message>
    <message>
        <source>Text the scales are distilled on: a .txt or .jsonl file, or empty to sample sequences from the fine-tune itself.</source>
        <translation>Texte sur lequel les facteurs d’échelle sont distillés : un fichier .txt ou .jsonl, ou vide pour échantillonner des séquences à partir du modèle affiné lui-même.</translation>
    </message>
    <message>
        <source>Calibration text:</source>
        <translation>Texte de calibration :</translation>
    </message>
    <message>
        <source>Calibration text</source>
        <translation>Texte de calibration</translation>
    </message>
    <message>
        <source>Text (*.txt *.jsonl);;All files (*)</source>
        <translation>Texte (*.txt *.jsonl);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Distillation steps; 0 keeps every scale at mean |delta|.</source>
        <translation>Étapes de distillation ; 0 laisse chaque facteur d’échelle à la moyenne de |delta|.</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Étapes :</translation>
    </message>
    <message>
        <source>AdamW learning rate, annealed to zero with a cosine schedule.</source>
        <translation>Taux d’apprentissage d’AdamW, ramené à zéro par une planification cosinus.</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Taux d’apprentissage :</translation>
    </message>
    <message>
        <source>Calibration sequences per distillation step.</source>
        <translation>Séquences de calibration par étape de distillation.</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Taille de lot :</translation>
    </message>
    <message>
        <source>Tokens per calibration sequence.</source>
        <translation>Tokens par séquence de calibration.</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>Longueur de séquence :</translation>
    </message>
    <message>
        <source>Seed for calibration sampling; the same seed gives the same package.</source>
        <translation>Graine de l’échantillonnage de calibration ; la même graine donne le même paquet.</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Graine :</translation>
    </message>
    <message>
        <source>Where to compute: auto uses the GPU when there is one.</source>
        <translation>Où calculer : « auto » utilise le GPU s’il y en a un.</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Périphérique :</translation>
    </message>
    <message>
        <source>Compute precision: auto is bf16 on a GPU and fp32 on the CPU.</source>
        <translation>Précision de calcul : « auto » correspond à bf16 sur un GPU et à fp32 sur le CPU.</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>Précision :</translation>
    </message>
    <message>
        <source>optional held-out text</source>
        <translation>texte réservé à l’évaluation (facultatif)</translation>
    </message>
    <message>
        <source>Held-out .txt/.jsonl on which base, fine-tune and compressed losses are measured for the report.</source>
        <translation>Fichier .txt/.jsonl réservé sur lequel les pertes de la base, du modèle affiné et du modèle compressé sont mesurées pour le rapport.</translation>
    </message>
    <message>
        <source>Evaluation text:</source>
        <translation>Texte d’évaluation :</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>Texte d’évaluation</translation>
    </message>
    <message>
        <source>The package folder to write (NAME.bitdelta).</source>
        <translation>Le dossier du paquet à écrire (NOM.bitdelta).</translation>
    </message>
    <message>
        <source>Output package:</source>
        <translation>Paquet de sortie :</translation>
    </message>
    <message>
        <source>Output package</source>
        <translation>Paquet de sortie</translation>
    </message>
    <message>
        <source>BitDelta package (*.bitdelta)</source>
        <translation>Paquet BitDelta (*.bitdelta)</translation>
    </message>
    <message>
        <source>Not a usable base model</source>
        <translation>Modèle de base inutilisable</translation>
    </message>
    <message>
        <source>Not a usable fine-tune</source>
        <translation>Modèle affiné inutilisable</translation>
    </message>
    <message>
        <source>%1 cannot be used:
%2</source>
        <translation>%1 ne peut pas être utilisé :
%2</translation>
    </message>
    <message>
        <source>Checking that the two checkpoints match…</source>
        <translation>Vérification de la correspondance des deux checkpoints…</translation>
    </message>
    <message>
        <source>✔ The fine-tune matches the base (%1, %2 parameters).</source>
        <translation>✔ Le modèle affiné correspond à la base (%1, %2 paramètres).</translation>
    </message>
    <message>
        <source>✘ These checkpoints do not form a pair: %1</source>
        <translation>✘ Ces checkpoints ne forment pas une paire : %1</translation>
    </message>
    <message>
        <source>Checkpoints do not match</source>
        <translation>Les checkpoints ne correspondent pas</translation>
    </message>
    <message>
        <source>The fine-tune was not made from this base:
%1</source>
        <translation>Le modèle affiné n’a pas été obtenu à partir de cette base :
%1</translation>
    </message>
    <message>
        <source>No output package</source>
        <translation>Aucun paquet de sortie</translation>
    </message>
    <message>
        <source>Choose where to write the package.</source>
        <translation>Choisissez où écrire le paquet.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>Compressing %1…</source>
        <translation>Compression de %1…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>%1: %p%</source>
        <translation>%1 : %p %</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 écrit</translation>
    </message>
    <message>
        <source>Compressed into %1</source>
        <translation>Compressé dans %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Compression was cancelled; nothing was written.</source>
        <translation>La compression a été annulée ; rien n’a été écrit.</translation>
    </message>
    <message>
        <source>Compression cancelled</source>
        <translation>Compression annulée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Compression failed</source>
        <translation>Échec de la compression</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::DropZone</name>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Pick a Hugging Face checkpoint folder (config.json + safetensors).</source>
        <translation>Choisir un dossier de checkpoint Hugging Face (config.json + safetensors).</translation>
    </message>
    <message>
        <source>Reading the checkpoint…</source>
        <translation>Lecture du checkpoint…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Forme</translation>
    </message>
    <message>
        <source>%1 layers, hidden %2, %3 heads (%4 KV)</source>
        <translation>%1 couches, dimension cachée %2, %3 têtes (%4 KV)</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>Type de données</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Taille sur le disque</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokeniseur</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Template de chat</translation>
    </message>
    <message>
        <source>Recognised from config.json, the safetensors headers and the tokenizer files in this folder.</source>
        <translation>Reconnu à partir de config.json, des en-têtes safetensors et des fichiers du tokeniseur de ce dossier.</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>Choisir un dossier de checkpoint</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::InspectPage</name>
    <message>
        <source>Open a .bitdelta package (Ctrl+O) or compress one.</source>
        <translation>Ouvrez un paquet .bitdelta (Ctrl+O) ou compressez-en un.</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>Discuter avec</translation>
    </message>
    <message>
        <source>Attach this package in the Chat page.</source>
        <translation>Attacher ce paquet dans la page Chat.</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Save the rows shown in the table, with every diagnostic, as CSV.</source>
        <translation>Enregistrer en CSV les lignes affichées dans le tableau, avec tous les diagnostics.</translation>
    </message>
    <message>
        <source>Gain kept = (L_base − L_compressed) / (L_base − L_fine-tune): the share of the fine-tune&apos;s improvement over the base that the 1-bit delta keeps.</source>
        <translation>Gain conservé = (L_base − L_compressed) / (L_base − L_fine-tune) : la part de l’amélioration du modèle affiné par rapport à la base que conserve le delta sur 1 bit.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Filter matrices (name, layer, kind…)</source>
        <translation>Filtrer les matrices (nom, couche, type…)</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Tous les types</translation>
    </message>
    <message>
        <source>Fidelity by layer</source>
        <translation>Fidélité par couche</translation>
    </message>
    <message>
        <source>Relative error ‖Δ − α·sign(Δ)‖/‖Δ‖ of every matrix, layers by kind; red cells are the weakest. Click a cell to select it.</source>
        <translation>Erreur relative ‖Δ − α·sign(Δ)‖/‖Δ‖ de chaque matrice, couches par type ; les cellules rouges sont les plus faibles. Cliquez sur une cellule pour la sélectionner.</translation>
    </message>
    <message>
        <source>Distillation loss</source>
        <translation>Perte de distillation</translation>
    </message>
    <message>
        <source>Logit MSE between fine-tune and compressed model at each step of scale distillation.</source>
        <translation>MSE des logits entre le modèle affiné et le modèle compressé à chaque étape de la distillation des facteurs d’échelle.</translation>
    </message>
    <message>
        <source>Δ spectrum</source>
        <translation>Spectre de Δ</translation>
    </message>
    <message>
        <source>Singular values of the selected matrix&apos;s Δ and the cumulative share of ‖Δ‖² they explain; red points are the low-rank baseline&apos;s ranks.</source>
        <translation>Valeurs singulières du Δ de la matrice sélectionnée et part cumulée de ‖Δ‖² qu’elles expliquent ; les points rouges sont les rangs de la référence de rang faible.</translation>
    </message>
    <message>
        <source>Low-rank baseline</source>
        <translation>Référence de rang faible</translation>
    </message>
    <message>
        <source>Relative error of a rank-r SVD of Δ against the 1-bit delta&apos;s error (dashed); the dotted line is the rank with the same storage.</source>
        <translation>Erreur relative d’une SVD de rang r de Δ comparée à l’erreur du delta sur 1 bit (tirets) ; la ligne pointillée indique le rang qui occupe le même stockage.</translation>
    </message>
    <message>
        <source>Scales across the model</source>
        <translation>Facteurs d’échelle dans tout le modèle</translation>
    </message>
    <message>
        <source>Histogram of every matrix&apos;s α before (mean |Δ|) and after distillation; the line marks the selected matrix.</source>
        <translation>Histogramme de l’α de chaque matrice avant (moyenne de |Δ|) et après distillation ; la ligne indique la matrice sélectionnée.</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>Valeurs de Δ</translation>
    </message>
    <message>
        <source>Histogram of the selected matrix&apos;s Δ entries; every entry is replaced by +α or −α (solid: distilled, dashed: initial).</source>
        <translation>Histogramme des coefficients de Δ de la matrice sélectionnée ; chaque coefficient est remplacé par +α ou −α (trait plein : distillé, tirets : initial).</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Ouverture de %1…</translation>
    </message>
    <message>
        <source>Cannot open package</source>
        <translation>Impossible d’ouvrir le paquet</translation>
    </message>
    <message>
        <source>%1 cannot be opened:
%2</source>
        <translation>Impossible d’ouvrir %1 :
%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 (%n matrices)</source>
        <translation>
            <numerusform>%1 ouvert (%n matrice)</numerusform>
            <numerusform>%1 ouvert (%n matrices)</numerusform>
        </translation>
    </message>
    <message>
        <source> — layer %1 %2</source>
        <translation> — couche %1 %2</translation>
    </message>
    <message>
        <source>Δ spectrum%1</source>
        <translation>Spectre de Δ%1</translation>
    </message>
    <message>
        <source>Low-rank baseline%1</source>
        <translation>Référence de rang faible%1</translation>
    </message>
    <message>
        <source>Δ values%1</source>
        <translation>Valeurs de Δ%1</translation>
    </message>
    <message>
        <source>No package open.</source>
        <translation>Aucun paquet ouvert.</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Base</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Modèle affiné</translation>
    </message>
    <message>
        <source>Compressed matrices</source>
        <translation>Matrices compressées</translation>
    </message>
    <message>
        <source>Fine-tune size (fp16)</source>
        <translation>Taille du modèle affiné (fp16)</translation>
    </message>
    <message>
        <source>Package size</source>
        <translation>Taille du paquet</translation>
    </message>
    <message>
        <source>Memory saved per fine-tune</source>
        <translation>Mémoire économisée par modèle affiné</translation>
    </message>
    <message>
        <source>%1 (%2× smaller)</source>
        <translation>%1 (%2× plus petit)</translation>
    </message>
    <message>
        <source>Signs / scales / kept tensors</source>
        <translation>Signes / facteurs d’échelle / tenseurs conservés</translation>
    </message>
    <message>
        <source>%1 / %2 / %3</source>
        <translation>%1 / %2 / %3</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Calibration</translation>
    </message>
    <message>
        <source>Distillation</source>
        <translation>Distillation</translation>
    </message>
    <message>
        <source>%1 steps, loss %2 → %3 in %4 s</source>
        <translation>%1 étapes, perte %2 → %3 en %4 s</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n/d</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>Texte d’évaluation</translation>
    </message>
    <message>
        <source>Loss: base / fine-tune</source>
        <translation>Perte : base / modèle affiné</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Loss: compressed (initial → distilled)</source>
        <translation>Perte : compressé (initial → distillé)</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Gain kept</source>
        <translation>Gain conservé</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Rank-16 SVD: loss / gain kept</source>
        <translation>SVD de rang 16 : perte / gain conservé</translation>
    </message>
    <message>
        <source>%1 / %2 %</source>
        <translation>%1 / %2 %</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>Exporter le tableau</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’exportation</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 écrit</translation>
    </message>
    <message>
        <source>layer %1 %2: relative error %3</source>
        <translation>couche %1 %2 : erreur relative %3</translation>
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
        <translation>Compresser</translation>
    </message>
    <message>
        <source>Compress a fine-tune into a 1-bit delta (Ctrl+1)</source>
        <translation>Compresser un modèle affiné en un delta sur 1 bit (Ctrl+1)</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Inspecter</translation>
    </message>
    <message>
        <source>Inspect a package&apos;s diagnostics (Ctrl+2)</source>
        <translation>Inspecter les diagnostics d’un paquet (Ctrl+2)</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Chat with several fine-tunes over one base (Ctrl+3)</source>
        <translation>Discuter avec plusieurs modèles affinés sur une même base (Ctrl+3)</translation>
    </message>
    <message>
        <source>Device: detecting…</source>
        <translation>Périphérique : détection…</translation>
    </message>
    <message>
        <source>Where compression and chat compute by default.</source>
        <translation>Où la compression et le chat calculent par défaut.</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Périphérique : %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Open Package…</source>
        <translation>&amp;Ouvrir un paquet…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Paquets &amp;récents</translation>
    </message>
    <message>
        <source>Choose &amp;Base…</source>
        <translation>Choisir la &amp;base…</translation>
    </message>
    <message>
        <source>Choose &amp;Fine-tune…</source>
        <translation>Choisir le modèle &amp;affiné…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Aff&amp;ichage</translation>
    </message>
    <message>
        <source>&amp;Compress</source>
        <translation>&amp;Compresser</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>&amp;Inspecter</translation>
    </message>
    <message>
        <source>C&amp;hat</source>
        <translation>C&amp;hat</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>The new language takes effect when BitDelta Studio is restarted.</source>
        <translation>La nouvelle langue s’appliquera au prochain démarrage de BitDelta Studio.</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Exécuter</translation>
    </message>
    <message>
        <source>Compress / Send</source>
        <translation>Compresser / Envoyer</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About BitDelta Studio</source>
        <translation>À &amp;propos de BitDelta Studio</translation>
    </message>
    <message>
        <source>About BitDelta Studio</source>
        <translation>À propos de BitDelta Studio</translation>
    </message>
    <message>
        <source>BitDelta Studio compresses fine-tuned language models to 1-bit deltas over their base (Liu et al., 2024) and serves many of them over one base model.</source>
        <translation>BitDelta Studio compresse des modèles de langage affinés en deltas sur 1 bit par rapport à leur base (Liu et al., 2024) et en sert un grand nombre à partir d’un seul modèle de base.</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Effacer la liste</translation>
    </message>
    <message>
        <source>Open a .bitdelta package</source>
        <translation>Ouvrir un paquet .bitdelta</translation>
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
        <translation>Matrice</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Forme</translation>
    </message>
    <message>
        <source>‖Δ‖</source>
        <translation>‖Δ‖</translation>
    </message>
    <message>
        <source>α initial</source>
        <translation>α initial</translation>
    </message>
    <message>
        <source>α distilled</source>
        <translation>α distillé</translation>
    </message>
    <message>
        <source>Rel. error (initial)</source>
        <translation>Err. rel. (initiale)</translation>
    </message>
    <message>
        <source>Rel. error</source>
        <translation>Err. rel.</translation>
    </message>
    <message>
        <source>cos(Δ, sign Δ)</source>
        <translation>cos(Δ, sign Δ)</translation>
    </message>
    <message>
        <source>SVD rank</source>
        <translation>Rang SVD</translation>
    </message>
    <message>
        <source>SVD error</source>
        <translation>Erreur SVD</translation>
    </message>
    <message>
        <source>Output error</source>
        <translation>Erreur de sortie</translation>
    </message>
    <message>
        <source>The weight&apos;s name in the Hugging Face checkpoint.</source>
        <translation>Le nom du poids dans le checkpoint Hugging Face.</translation>
    </message>
    <message>
        <source>Decoder layer the matrix belongs to.</source>
        <translation>Couche du décodeur à laquelle appartient la matrice.</translation>
    </message>
    <message>
        <source>Which projection of the layer this matrix is.</source>
        <translation>La projection de la couche que représente cette matrice.</translation>
    </message>
    <message>
        <source>Output × input size of the matrix.</source>
        <translation>Taille sortie × entrée de la matrice.</translation>
    </message>
    <message>
        <source>Frobenius norm of the fine-tune&apos;s change Δ = W_ft − W_base.</source>
        <translation>Norme de Frobenius de la modification apportée par le modèle affiné, Δ = W_ft − W_base.</translation>
    </message>
    <message>
        <source>Scale before distillation: mean |Δ|, the L2-optimal value.</source>
        <translation>Facteur d’échelle avant distillation : moyenne de |Δ|, la valeur optimale au sens L2.</translation>
    </message>
    <message>
        <source>Scale after distillation on calibration text.</source>
        <translation>Facteur d’échelle après distillation sur le texte de calibration.</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the initial scale.</source>
        <translation>‖Δ − α·sign(Δ)‖ / ‖Δ‖ avec le facteur d’échelle initial.</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the distilled scale; lower is better.</source>
        <translation>‖Δ − α·sign(Δ)‖ / ‖Δ‖ avec le facteur d’échelle distillé ; plus c’est bas, mieux c’est.</translation>
    </message>
    <message>
        <source>Cosine similarity between Δ and its sign pattern; 1 means the signs capture Δ&apos;s direction fully.</source>
        <translation>Similarité cosinus entre Δ et son motif de signes ; 1 signifie que les signes capturent entièrement la direction de Δ.</translation>
    </message>
    <message>
        <source>Rank of an fp16 SVD approximation that takes at least the 1-bit storage (the paper&apos;s low-rank baseline).</source>
        <translation>Rang d’une approximation SVD en fp16 occupant au moins le stockage de la version sur 1 bit (la référence de rang faible de l’article).</translation>
    </message>
    <message>
        <source>Relative error of that rank-r SVD approximation of Δ.</source>
        <translation>Erreur relative de cette approximation SVD de rang r de Δ.</translation>
    </message>
    <message>
        <source>Relative error of the layer&apos;s output on calibration activations when Δ is replaced by α·sign(Δ).</source>
        <translation>Erreur relative de la sortie de la couche sur les activations de calibration lorsque Δ est remplacé par α·sign(Δ).</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MemoryBar</name>
    <message>
        <source>Memory used by the shared base, by each attached fine-tune and by the KV cache.</source>
        <translation>Mémoire utilisée par la base partagée, par chaque modèle affiné attaché et par le cache KV.</translation>
    </message>
    <message>
        <source>base</source>
        <translation>base</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>cache KV</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>mémoire GPU</translation>
    </message>
    <message>
        <source>host memory</source>
        <translation>mémoire hôte</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Aucun modèle chargé</translation>
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
        <translation>Exporter le graphique</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)</source>
        <translation>Image PNG (*.png);;Document PDF (*.pdf);;Image SVG (*.svg)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’exportation</translation>
    </message>
    <message>
        <source>Could not write the plot to %1.</source>
        <translation>Impossible d’écrire le graphique dans %1.</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>Réinitialiser la vue</translation>
    </message>
    <message>
        <source>Export as PNG, PDF or SVG…</source>
        <translation>Exporter en PNG, PDF ou SVG…</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Compress fine-tuned language models to 1-bit deltas, inspect them and chat with many over one base.</source>
        <translation>Compresser des modèles de langage affinés en deltas sur 1 bit, les inspecter et discuter avec plusieurs d’entre eux sur une même base.</translation>
    </message>
    <message>
        <source>Base checkpoint folder.</source>
        <translation>Dossier du checkpoint de base.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DOSSIER</translation>
    </message>
    <message>
        <source>Fine-tuned checkpoint folder.</source>
        <translation>Dossier du checkpoint affiné.</translation>
    </message>
    <message>
        <source>A .bitdelta package to inspect.</source>
        <translation>Un paquet .bitdelta à inspecter.</translation>
    </message>
    <message>
        <source>PKG</source>
        <translation>PAQUET</translation>
    </message>
</context>
</TS>
