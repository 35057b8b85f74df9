<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AppShell</name>
    <message>
        <source>Models — Hearth</source>
        <translation>모델 — Hearth</translation>
    </message>
    <message>
        <source>Settings — Hearth</source>
        <translation>설정 — Hearth</translation>
    </message>
    <message>
        <source>%1 — Hearth</source>
        <translation>%1 — Hearth</translation>
    </message>
    <message>
        <source>Hearth</source>
        <translation>Hearth</translation>
    </message>
    <message>
        <source>Deleted “%1”</source>
        <translation>“%1” 삭제됨</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Answer copied</source>
        <translation>답변을 복사했습니다</translation>
    </message>
</context>
<context>
    <name>ChatHeader</name>
    <message>
        <source>Hide the sidebar</source>
        <translation>사이드바 숨기기</translation>
    </message>
    <message>
        <source>Show the sidebar</source>
        <translation>사이드바 보이기</translation>
    </message>
    <message>
        <source>Looking for a GPU…</source>
        <translation>GPU를 찾는 중…</translation>
    </message>
    <message>
        <source>● GPU: %1</source>
        <translation>● GPU: %1</translation>
    </message>
    <message>
        <source>No GPU · runs on the CPU</source>
        <translation>GPU 없음 · CPU에서 실행</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>장치: %1</translation>
    </message>
    <message>
        <source>Conversation menu</source>
        <translation>대화 메뉴</translation>
    </message>
    <message>
        <source>Conversation settings…</source>
        <translation>대화 설정…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>채팅 삭제</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>대화 이름 바꾸기</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>대화 제목</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>Load on CPU</source>
        <translation>CPU에서 불러오기</translation>
    </message>
    <message>
        <source>Manage models</source>
        <translation>모델 관리</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Messages</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>What shall we talk about?</source>
        <translation>무엇에 대해 이야기할까요?</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 불러오는 중…</translation>
    </message>
    <message>
        <source>Choose a model to start</source>
        <translation>시작하려면 모델을 선택하세요</translation>
    </message>
    <message>
        <source>Answers are written by %1 on this computer. Nothing you type leaves it.</source>
        <translation>답변은 이 컴퓨터에서 %1 모델이 작성합니다. 입력한 내용은 밖으로 나가지 않습니다.</translation>
    </message>
    <message>
        <source>This takes a moment the first time.</source>
        <translation>처음에는 잠시 시간이 걸립니다.</translation>
    </message>
    <message>
        <source>Pick one of your installed models in the model picker above.</source>
        <translation>위쪽 모델 선택기에서 설치된 모델 하나를 고르세요.</translation>
    </message>
    <message>
        <source>↓ Jump to latest</source>
        <translation>↓ 최신 메시지로</translation>
    </message>
    <message>
        <source>Jump to the latest message</source>
        <translation>최신 메시지로 이동</translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <source>code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>복사됨</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>코드 복사</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Download or import a model to start</source>
        <translation>시작하려면 모델을 다운로드하거나 가져오세요</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>Load a model to start</source>
        <translation>시작하려면 모델을 불러오세요</translation>
    </message>
    <message>
        <source>Message Hearth…</source>
        <translation>Hearth에게 메시지 보내기…</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>모델 선택</translation>
    </message>
    <message>
        <source>Get a model</source>
        <translation>모델 받기</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>답변 중지 (Esc)</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>메시지 보내기</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>중지 (Esc)</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>보내기 (Enter)</translation>
    </message>
    <message>
        <source>Context used</source>
        <translation>사용한 컨텍스트</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 토큰/초</translation>
    </message>
    <message>
        <source>Enter to send · Shift+Enter for a new line</source>
        <translation>Enter로 보내기 · Shift+Enter로 줄 바꿈</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>%1, pinned</source>
        <translation>%1, 고정됨</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>대화 제목</translation>
    </message>
    <message>
        <source>More actions for “%1”</source>
        <translation>“%1” 추가 작업</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>고정 해제</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>고정</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>대화 설정</translation>
    </message>
    <message>
        <source>Use its own sampling settings</source>
        <translation>이 대화만의 샘플링 설정 사용</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
</context>
<context>
    <name>DialogButtons</name>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>DiscoverTab</name>
    <message>
        <source>Search models</source>
        <translation>모델 검색</translation>
    </message>
    <message>
        <source>All families</source>
        <translation>모든 계열</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>계열</translation>
    </message>
    <message>
        <source>Any size</source>
        <translation>모든 크기</translation>
    </message>
    <message>
        <source>Up to 2B</source>
        <translation>2B 이하</translation>
    </message>
    <message>
        <source>Up to 4B</source>
        <translation>4B 이하</translation>
    </message>
    <message>
        <source>Up to 8B</source>
        <translation>8B 이하</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>모든 언어</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>일본어</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>중국어</translation>
    </message>
    <message>
        <source>German</source>
        <translation>독일어</translation>
    </message>
    <message>
        <source>French</source>
        <translation>프랑스어</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>스페인어</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Fits my GPU</source>
        <translation>내 GPU에 맞는 모델</translation>
    </message>
    <message>
        <source>Download from Hugging Face…</source>
        <translation>Hugging Face에서 다운로드…</translation>
    </message>
    <message>
        <source>Fit badges are for %1 at a context of %2 tokens.</source>
        <translation>적합성 표시는 %1, 컨텍스트 %2토큰 기준입니다.</translation>
    </message>
    <message>
        <source>No model matches these filters.</source>
        <translation>이 조건에 맞는 모델이 없습니다.</translation>
    </message>
    <message>
        <source>Download from Hugging Face</source>
        <translation>Hugging Face에서 다운로드</translation>
    </message>
    <message>
        <source>The repository and the GGUF file in it, e.g. “Qwen/Qwen2.5-1.5B-Instruct-GGUF” and “qwen2.5-1.5b-instruct-q4_k_m.gguf”.</source>
        <translation>저장소와 그 안의 GGUF 파일을 입력하세요. 예: “Qwen/Qwen2.5-1.5B-Instruct-GGUF”와 “qwen2.5-1.5b-instruct-q4_k_m.gguf”.</translation>
    </message>
    <message>
        <source>owner/repository</source>
        <translation>소유자/저장소</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>저장소</translation>
    </message>
    <message>
        <source>file.gguf</source>
        <translation>file.gguf</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
</context>
<context>
    <name>DownloadFooter</name>
    <message numerus="yes">
        <source>Downloading %n model(s)</source>
        <translation>
            <numerusform>모델 %n개 다운로드 중</numerusform>
        </translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>다운로드 진행률</translation>
    </message>
</context>
<context>
    <name>DownloadsTab</name>
    <message>
        <source>Downloads resume where they stopped, after a pause, a lost connection or a restart. Every file is checked before it is used.</source>
        <translation>다운로드는 일시 정지, 연결 끊김, 재시작 후에도 멈춘 곳부터 이어집니다. 모든 파일은 사용하기 전에 확인합니다.</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>완료된 항목 지우기</translation>
    </message>
    <message>
        <source>Progress of %1</source>
        <translation>%1 진행률</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>목록에서 제거</translation>
    </message>
    <message>
        <source>No downloads.</source>
        <translation>다운로드가 없습니다.</translation>
    </message>
</context>
<context>
    <name>ErrorCard</name>
    <message>
        <source>The answer failed: %1</source>
        <translation>답변 실패: %1</translation>
    </message>
    <message>
        <source>The answer could not be finished.</source>
        <translation>답변을 끝내지 못했습니다.</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Load on CPU</source>
        <translation>CPU에서 불러오기</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>새 채팅</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export conversations</source>
        <translation>대화 내보내기</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>대화 가져오기</translation>
    </message>
    <message>
        <source>Choose a JSON export from Hearth. Its conversations are added as new ones; nothing here is changed or replaced.</source>
        <translation>Hearth에서 내보낸 JSON 파일을 선택하세요. 그 안의 대화는 새 대화로 추가되며, 기존 대화는 바뀌거나 대체되지 않습니다.</translation>
    </message>
    <message>
        <source>What</source>
        <translation>대상</translation>
    </message>
    <message>
        <source>This conversation</source>
        <translation>이 대화</translation>
    </message>
    <message>
        <source>All conversations</source>
        <translation>모든 대화</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>일반 텍스트</translation>
    </message>
    <message>
        <source>JSON keeps everything and can be imported again: use it for backups.</source>
        <translation>JSON은 모든 내용을 담고 다시 가져올 수 있어 백업에 적합합니다.</translation>
    </message>
    <message>
        <source>Include system prompts</source>
        <translation>시스템 프롬프트 포함</translation>
    </message>
    <message>
        <source>Include every version of edited and regenerated messages</source>
        <translation>수정하거나 다시 생성한 메시지의 모든 버전 포함</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>저장할 파일</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>hearth-export.json</source>
        <translation>hearth-export.json</translation>
    </message>
    <message>
        <source>File to save</source>
        <translation>저장할 파일</translation>
    </message>
    <message>
        <source>File to import</source>
        <translation>가져올 파일</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>가져오는 중…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>내보낼 위치</translation>
    </message>
    <message>
        <source>Import a JSON export</source>
        <translation>JSON 내보내기 파일 가져오기</translation>
    </message>
    <message>
        <source>Hearth JSON export (*.json)</source>
        <translation>Hearth JSON 내보내기 (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>내보내기 진행률</translation>
    </message>
    <message>
        <source>Exporting… %1%</source>
        <translation>내보내는 중… %1%</translation>
    </message>
</context>
<context>
    <name>FitText</name>
    <message>
        <source>Runs on CPU · %1 of %2</source>
        <translation>CPU에서 실행 · %1 / %2</translation>
    </message>
    <message>
        <source>Fits · %1 of %2</source>
        <translation>적합 · %1 / %2</translation>
    </message>
    <message>
        <source>Tight, runs on CPU · %1 of %2</source>
        <translation>빠듯함, CPU에서 실행 · %1 / %2</translation>
    </message>
    <message>
        <source>Tight · %1 of %2</source>
        <translation>빠듯함 · %1 / %2</translation>
    </message>
    <message>
        <source>Too big for this GPU; runs on CPU</source>
        <translation>이 GPU에는 너무 큼; CPU에서 실행</translation>
    </message>
    <message>
        <source>Too big for this computer · needs %1</source>
        <translation>이 컴퓨터에는 너무 큼 · %1 필요</translation>
    </message>
</context>
<context>
    <name>ImportChoiceDialog</name>
    <message>
        <source>Import %1</source>
        <translation>%1 가져오기</translation>
    </message>
    <message>
        <source>Copy it into Hearth&apos;s models folder</source>
        <translation>Hearth 모델 폴더로 복사</translation>
    </message>
    <message>
        <source>Uses as much disk space again; the original can then be moved or deleted.</source>
        <translation>디스크 공간을 한 번 더 사용하지만, 이후 원본 파일을 옮기거나 지워도 됩니다.</translation>
    </message>
    <message>
        <source>Link to it where it is</source>
        <translation>지금 위치의 파일에 연결</translation>
    </message>
    <message>
        <source>No second copy on disk where the drive allows a link (otherwise it is copied).</source>
        <translation>드라이브가 연결을 지원하면 디스크에 사본을 만들지 않습니다(지원하지 않으면 복사합니다).</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message>
        <source>Import a GGUF file…</source>
        <translation>GGUF 파일 가져오기…</translation>
    </message>
    <message>
        <source>Importing %1… %2%</source>
        <translation>%1 가져오는 중… %2%</translation>
    </message>
    <message>
        <source>or drop a .gguf file on this page</source>
        <translation>또는 .gguf 파일을 이 페이지에 끌어다 놓으세요</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Open models folder</source>
        <translation>모델 폴더 열기</translation>
    </message>
    <message>
        <source>last used %1</source>
        <translation>마지막 사용 %1</translation>
    </message>
    <message>
        <source>never used</source>
        <translation>사용한 적 없음</translation>
    </message>
    <message>
        <source>%1 · weights %2 · context %3 · %4</source>
        <translation>%1 · 가중치 %2 · 컨텍스트 %3 · %4</translation>
    </message>
    <message>
        <source>own chat template</source>
        <translation>자체 채팅 템플릿</translation>
    </message>
    <message>
        <source>built-in chat template</source>
        <translation>내장 채팅 템플릿</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>불러옴</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>불러오기</translation>
    </message>
    <message>
        <source>Load %1</source>
        <translation>%1 불러오기</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>%1 삭제</translation>
    </message>
    <message>
        <source>No models installed yet. Download one from Discover, or import a GGUF file.</source>
        <translation>아직 설치된 모델이 없습니다. 둘러보기에서 다운로드하거나 GGUF 파일을 가져오세요.</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>모델 가져오기</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 모델 (*.gguf)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation>%1을(를) 삭제할까요?</translation>
    </message>
    <message>
        <source>The model file is deleted from this computer, freeing %1. Your conversations stay.</source>
        <translation>모델 파일이 이 컴퓨터에서 삭제되어 %1의 공간이 확보됩니다. 대화는 그대로 남습니다.</translation>
    </message>
    <message>
        <source>The model is removed from Hearth; the file itself is kept where it is. Your conversations stay.</source>
        <translation>모델이 Hearth에서 제거되지만 파일은 원래 위치에 그대로 남습니다. 대화도 그대로 남습니다.</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <source>Chat template of %1</source>
        <translation>%1의 채팅 템플릿</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>LinkConfirmDialog</name>
    <message>
        <source>Open this link?</source>
        <translation>이 링크를 열까요?</translation>
    </message>
    <message>
        <source>The model wrote this link. It opens in your web browser, which goes online:</source>
        <translation>모델이 작성한 링크입니다. 웹 브라우저에서 열리며, 브라우저는 인터넷에 연결됩니다:</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>브라우저에서 열기</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>You: %1</source>
        <translation>나: %1</translation>
    </message>
    <message>
        <source>Answer: %1</source>
        <translation>답변: %1</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>메시지 수정</translation>
    </message>
    <message>
        <source>The answer below will be written again; the old version is kept.</source>
        <translation>아래 답변을 새로 작성합니다. 이전 버전은 보관됩니다.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <source>Reading the conversation… %1%</source>
        <translation>대화를 읽는 중… %1%</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>생각하는 중…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>Interrupted: Hearth closed while this answer was being written.</source>
        <translation>중단됨: 이 답변을 작성하는 동안 Hearth가 종료되었습니다.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <source>%1 parameters</source>
        <translation>매개변수 %1</translation>
    </message>
    <message>
        <source>%1 context</source>
        <translation>컨텍스트 %1</translation>
    </message>
    <message>
        <source>Quantization of %1</source>
        <translation>%1 양자화</translation>
    </message>
    <message>
        <source>Downloading %1</source>
        <translation>%1 다운로드 중</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <source>Download %1</source>
        <translation>%1 다운로드</translation>
    </message>
    <message>
        <source>✓ Installed</source>
        <translation>✓ 설치됨</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>불러오기</translation>
    </message>
</context>
<context>
    <name>ModelManagerPage</name>
    <message>
        <source>Back to the chat</source>
        <translation>채팅으로 돌아가기</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Discover</source>
        <translation>둘러보기</translation>
    </message>
    <message>
        <source>Installed (%1)</source>
        <translation>설치됨 (%1)</translation>
    </message>
    <message>
        <source>Downloads (%1)</source>
        <translation>다운로드 (%1)</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>다운로드</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>No model installed</source>
        <translation>설치된 모델 없음</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 불러오는 중…</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>모델 선택</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>모델: %1</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>모델 불러오기</translation>
    </message>
    <message>
        <source>No model is installed yet. Download one, or import a GGUF file you already have.</source>
        <translation>아직 설치된 모델이 없습니다. 모델을 다운로드하거나 가지고 있는 GGUF 파일을 가져오세요.</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>설치된 모델</translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message>
        <source>Manage models…</source>
        <translation>모델 관리…</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>내리기</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>SamplingFields</name>
    <message>
        <source>System prompt</source>
        <translation>시스템 프롬프트</translation>
    </message>
    <message>
        <source>e.g. You are a concise assistant. Answer in Korean.</source>
        <translation>예: 간결하게 답하는 도우미입니다. 한국어로 답하세요.</translation>
    </message>
    <message>
        <source>Instructions the model reads before every conversation.</source>
        <translation>모델이 모든 대화를 시작하기 전에 읽는 지침입니다.</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <source>Higher is more varied and creative, lower more focused; 0 always picks the most likely word.</source>
        <translation>높을수록 다양하고 창의적이며, 낮을수록 집중된 답을 냅니다. 0이면 항상 가장 가능성 높은 단어를 고릅니다.</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Choose only among the k most likely words (0 = no limit).</source>
        <translation>가능성이 가장 높은 k개 단어 중에서만 고릅니다 (0 = 제한 없음).</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Choose among the most likely words that together make up this share of the probability.</source>
        <translation>확률 합이 이 비율에 이를 때까지의 가능성 높은 단어 중에서 고릅니다.</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Leave out words much less likely than the best one.</source>
        <translation>가장 유력한 단어보다 훨씬 가능성이 낮은 단어는 뺍니다.</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>반복 페널티</translation>
    </message>
    <message>
        <source>Above 1 makes the model less likely to repeat itself (1 = off).</source>
        <translation>1보다 크면 모델이 같은 말을 덜 반복합니다 (1 = 끔).</translation>
    </message>
    <message>
        <source>Longest answer</source>
        <translation>최대 답변 길이</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>제한 없음</translation>
    </message>
    <message>
        <source>Longest answer in tokens</source>
        <translation>최대 답변 길이(토큰)</translation>
    </message>
    <message>
        <source>Stop an answer after this many tokens (about ¾ of a word each).</source>
        <translation>답변이 이 토큰 수에 이르면 멈춥니다 (토큰 하나는 대략 단어의 ¾).</translation>
    </message>
</context>
<context>
    <name>SearchOverlay</name>
    <message>
        <source>Search all chats</source>
        <translation>모든 채팅 검색</translation>
    </message>
    <message>
        <source>Best match</source>
        <translation>관련도순</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>최신순</translation>
    </message>
    <message>
        <source>Order of results</source>
        <translation>결과 정렬</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>검색 결과</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>You: </source>
        <translation>나: </translation>
    </message>
    <message>
        <source>Type to search every conversation. Everything stays on this computer.</source>
        <translation>입력하면 모든 대화를 검색합니다. 모든 내용은 이 컴퓨터에만 있습니다.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>검색하는 중…</translation>
    </message>
    <message>
        <source>No matches.</source>
        <translation>일치하는 항목이 없습니다.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Back to the chat</source>
        <translation>채팅으로 돌아가기</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>At start</source>
        <translation>시작할 때</translation>
    </message>
    <message>
        <source>Load the default model</source>
        <translation>기본 모델 불러오기</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Default model</source>
        <translation>기본 모델</translation>
    </message>
    <message>
        <source>The last one used</source>
        <translation>마지막으로 사용한 모델</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>컨텍스트 길이</translation>
    </message>
    <message>
        <source>Context length in tokens</source>
        <translation>컨텍스트 길이(토큰)</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>How much of the conversation the model keeps in mind. Longer needs more memory; it applies the next time a model loads.</source>
        <translation>모델이 대화를 얼마나 기억하는지 정합니다. 길수록 메모리가 더 필요하며, 다음에 모델을 불러올 때 적용됩니다.</translation>
    </message>
    <message>
        <source>Run models on</source>
        <translation>모델 실행 장치</translation>
    </message>
    <message>
        <source>The best GPU (or the CPU)</source>
        <translation>가장 좋은 GPU (없으면 CPU)</translation>
    </message>
    <message>
        <source>The CPU only</source>
        <translation>CPU만</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>데이터 폴더</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>변경…</translation>
    </message>
    <message>
        <source>From the next start, Hearth keeps its data in %1. Nothing is moved: copy the folder there first to keep your chats and models.</source>
        <translation>다음 실행부터 Hearth는 데이터를 %1에 보관합니다. 아무것도 옮겨지지 않으니, 채팅과 모델을 유지하려면 먼저 폴더를 그곳에 복사하세요.</translation>
    </message>
    <message>
        <source>Generation defaults</source>
        <translation>생성 기본값</translation>
    </message>
    <message>
        <source>Used by every new conversation; a conversation can change them in its own settings (⋯ in the header).</source>
        <translation>모든 새 대화에 쓰입니다. 각 대화의 설정(헤더의 ⋯)에서 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>기본값으로 되돌리기</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>개인 정보</translation>
    </message>
    <message>
        <source>Hearth works offline. Your conversations, settings and the list of models are kept in one database in the data folder; model files are in its “models” folder. Nothing is sent anywhere; the only network traffic is a model download you start.</source>
        <translation>Hearth는 오프라인으로 동작합니다. 대화, 설정, 모델 목록은 데이터 폴더의 데이터베이스 하나에 보관되고, 모델 파일은 그 안의 “models” 폴더에 있습니다. 아무것도 외부로 보내지 않으며, 네트워크를 쓰는 것은 직접 시작한 모델 다운로드뿐입니다.</translation>
    </message>
    <message>
        <source>Keep conversations</source>
        <translation>대화 보관 기간</translation>
    </message>
    <message>
        <source>Forever</source>
        <translation>계속 보관</translation>
    </message>
    <message>
        <source>For 30 days</source>
        <translation>30일</translation>
    </message>
    <message>
        <source>For 90 days</source>
        <translation>90일</translation>
    </message>
    <message>
        <source>For a year</source>
        <translation>1년</translation>
    </message>
    <message>
        <source>Older conversations are deleted for good; pinned ones are kept.</source>
        <translation>기간이 지난 대화는 영구히 삭제됩니다. 고정한 대화는 남습니다.</translation>
    </message>
    <message>
        <source>Import conversations…</source>
        <translation>대화 가져오기…</translation>
    </message>
    <message>
        <source>Delete all data…</source>
        <translation>모든 데이터 삭제…</translation>
    </message>
    <message>
        <source>About</source>
        <translation>정보</translation>
    </message>
    <message>
        <source>Hearth %1 — chat with language models on your own computer.
Free software under the GNU General Public License, version 3 or later. Each model has its own licence, shown in the model manager.</source>
        <translation>Hearth %1 — 내 컴퓨터에서 언어 모델과 채팅하세요.
GNU 일반 공중 사용 허가서 버전 3 이상에 따른 자유 소프트웨어입니다. 각 모델에는 고유한 라이선스가 있으며 모델 관리에서 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>데이터 폴더 선택</translation>
    </message>
    <message>
        <source>Delete all data?</source>
        <translation>모든 데이터를 삭제할까요?</translation>
    </message>
    <message>
        <source>Every conversation and setting is deleted from this computer for good, and the list of models is cleared (model files stay in the models folder). This cannot be undone.</source>
        <translation>모든 대화와 설정이 이 컴퓨터에서 영구히 삭제되고 모델 목록도 비워집니다(모델 파일은 모델 폴더에 남습니다). 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Delete everything</source>
        <translation>모두 삭제</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>New chat</source>
        <translation>새 채팅</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>새 대화 시작 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Search all chats</source>
        <translation>모든 채팅 검색</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>대화</translation>
    </message>
    <message>
        <source>No conversations yet.
Your chats will appear here, saved on this computer.</source>
        <translation>아직 대화가 없습니다.
채팅은 이 컴퓨터에 저장되어 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Offline · on this computer</source>
        <translation>오프라인 · 이 컴퓨터에서</translation>
    </message>
    <message>
        <source>Offline: everything stays on this computer</source>
        <translation>오프라인: 모든 내용이 이 컴퓨터에만 있습니다</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Manage models</source>
        <translation>모델 관리</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Settings (Ctrl+,)</source>
        <translation>설정 (Ctrl+,)</translation>
    </message>
</context>
<context>
    <name>VersionSwitcher</name>
    <message>
        <source>Previous version</source>
        <translation>이전 버전</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Version %1 of %2</source>
        <translation>버전 %1/%2</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>다음 버전</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Hearth</source>
        <translation>Hearth에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>Chat with AI models that run entirely on this computer. Your conversations and everything you type stay here; Hearth goes online only to download a model you choose.</source>
        <translation>이 컴퓨터에서만 실행되는 AI 모델과 채팅하세요. 대화와 입력한 모든 내용은 이곳에 남습니다. Hearth는 선택한 모델을 다운로드할 때만 인터넷에 연결합니다.</translation>
    </message>
    <message>
        <source>Recommended for this computer (%1)</source>
        <translation>이 컴퓨터에 추천하는 모델 (%1)</translation>
    </message>
    <message>
        <source>Recommended for this computer</source>
        <translation>이 컴퓨터에 추천하는 모델</translation>
    </message>
    <message>
        <source>Looking at this computer&apos;s memory…</source>
        <translation>이 컴퓨터의 메모리를 확인하는 중…</translation>
    </message>
    <message>
        <source>I already have a GGUF file…</source>
        <translation>이미 GGUF 파일이 있습니다…</translation>
    </message>
    <message>
        <source>Browse all models</source>
        <translation>모든 모델 둘러보기</translation>
    </message>
    <message>
        <source>Importing %1… %2%</source>
        <translation>%1 가져오는 중… %2%</translation>
    </message>
    <message>
        <source>…or drop a .gguf file here</source>
        <translation>…또는 .gguf 파일을 여기에 끌어다 놓으세요</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>모델 가져오기</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 모델 (*.gguf)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>hearth::app::ChatController</name>
    <message>
        <source>New chat</source>
        <translation>새 채팅</translation>
    </message>
    <message>
        <source>Context %1 / %2</source>
        <translation>컨텍스트 %1 / %2</translation>
    </message>
    <message>
        <source>This chat was with %1, which is no longer installed. New answers come from the model you choose.</source>
        <translation>이 채팅은 %1 모델로 진행했지만, 이 모델은 더 이상 설치되어 있지 않습니다. 새 답변은 선택한 모델이 작성합니다.</translation>
    </message>
    <message>
        <source>The conversation filled the model&apos;s context, so the answer stopped. Start a new chat, or choose a longer context in Settings.</source>
        <translation>대화가 모델의 컨텍스트를 가득 채워 답변이 멈췄습니다. 새 채팅을 시작하거나 설정에서 더 긴 컨텍스트를 선택하세요.</translation>
    </message>
    <message numerus="yes">
        <source>The oldest %n message(s) no longer fit the model&apos;s context and were left out of this answer.</source>
        <translation>
            <numerusform>가장 오래된 메시지 %n개가 모델의 컨텍스트에 들어가지 않아 이번 답변에서 제외되었습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationListModel</name>
    <message>
        <source>New chat</source>
        <translation>새 채팅</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>고정됨</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>어제</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>지난 7일</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>이전</translation>
    </message>
</context>
<context>
    <name>hearth::app::DownloadListModel</name>
    <message>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>다운로드 중</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>일시 정지됨</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>확인 중</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>설치됨</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Installed · %1</source>
        <translation>설치됨 · %1</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>파일을 확인하는 중…</translation>
    </message>
    <message>
        <source>Waiting for another download to finish</source>
        <translation>다른 다운로드가 끝나기를 기다리는 중</translation>
    </message>
    <message>
        <source>Checking the part already downloaded…</source>
        <translation>이미 받은 부분을 확인하는 중…</translation>
    </message>
    <message>
        <source>%1 — retrying in %2</source>
        <translation>%1 — %2 후 다시 시도</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 남음</translation>
    </message>
</context>
<context>
    <name>hearth::app::ExportController</name>
    <message>
        <source>Hearth chats</source>
        <translation>Hearth 채팅</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>가져오기 실패: %1</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>내보내기 실패: %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s).</source>
        <translation>
            <numerusform>대화 %n개를 가져왔습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n conversation(s) to %1.</source>
        <translation>
            <numerusform>대화 %n개를 %1(으)로 내보냈습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hearth::app::MessageListModel</name>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n토큰</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 토큰/초</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>첫 토큰까지 %1초</translation>
    </message>
    <message>
        <source>%1 s in all</source>
        <translation>총 %1초</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelController</name>
    <message>
        <source>GPU: %1</source>
        <translation>GPU: %1</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>The model library is not available.</source>
        <translation>모델 라이브러리를 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>This model is no longer installed.</source>
        <translation>이 모델은 더 이상 설치되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>The GPU could not be used (%1), so the model runs on the CPU, more slowly.</source>
        <translation>GPU를 사용할 수 없어(%1) 모델이 CPU에서 더 느리게 실행됩니다.</translation>
    </message>
    <message>
        <source>%1 could not be loaded: %2</source>
        <translation>%1을(를) 불러올 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelManager</name>
    <message>
        <source>%1 of video memory on %2</source>
        <translation>%2의 비디오 메모리 %1</translation>
    </message>
    <message>
        <source>%1 of shared memory on %2</source>
        <translation>%2의 공유 메모리 %1</translation>
    </message>
    <message>
        <source>%1 of memory; models run on the CPU</source>
        <translation>메모리 %1; 모델은 CPU에서 실행</translation>
    </message>
    <message>
        <source>%1 free</source>
        <translation>%1 남음</translation>
    </message>
    <message>
        <source>The model library is not available.</source>
        <translation>모델 라이브러리를 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>Another model is being imported; wait for it to finish.</source>
        <translation>다른 모델을 가져오는 중입니다. 끝날 때까지 기다리세요.</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1은(는) 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>Not enough disk space to copy %1: it needs %2 and %3 is free.</source>
        <translation>%1을(를) 복사할 디스크 공간이 부족합니다: %2이(가) 필요하지만 %3만 남아 있습니다.</translation>
    </message>
</context>
<context>
    <name>hearth::app::QuantizationChoices</name>
    <message>
        <source>%1 · %2 · installed</source>
        <translation>%1 · %2 · 설치됨</translation>
    </message>
</context>
<context>
    <name>hearth::services::EngineService</name>
    <message>
        <source>No GPU was found (only the software renderer %1), so the model runs on the CPU.</source>
        <translation>GPU를 찾지 못해(소프트웨어 렌더러 %1만 있음) 모델을 CPU에서 실행합니다.</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>불러온 모델이 없습니다.</translation>
    </message>
</context>
</TS>
