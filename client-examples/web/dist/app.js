var Rt=Object.defineProperty;var Ot=(e,n,r)=>n in e?Rt(e,n,{enumerable:!0,configurable:!0,writable:!0,value:r}):e[n]=r;var J=(e,n,r)=>Ot(e,typeof n!="symbol"?n+"":n,r);function W(e){return e===null?"null":Array.isArray(e)?"array":typeof e}function Z(e){return W(e)==="object"}function Bt(e){return Array.isArray(e)&&e.length>0&&e.every(n=>"message"in n)}function ke(e,n){return e.length<124?e:n}var Le="graphql-transport-ws";var D=(e=>(e[e.InternalServerError=4500]="InternalServerError",e[e.InternalClientError=4005]="InternalClientError",e[e.BadRequest=4400]="BadRequest",e[e.BadResponse=4004]="BadResponse",e[e.Unauthorized=4401]="Unauthorized",e[e.Forbidden=4403]="Forbidden",e[e.SubprotocolNotAcceptable=4406]="SubprotocolNotAcceptable",e[e.ConnectionInitialisationTimeout=4408]="ConnectionInitialisationTimeout",e[e.ConnectionAcknowledgementTimeout=4504]="ConnectionAcknowledgementTimeout",e[e.SubscriberAlreadyExists=4409]="SubscriberAlreadyExists",e[e.TooManyInitialisationRequests=4429]="TooManyInitialisationRequests",e))(D||{}),_=(e=>(e.ConnectionInit="connection_init",e.ConnectionAck="connection_ack",e.Ping="ping",e.Pong="pong",e.Subscribe="subscribe",e.Next="next",e.Error="error",e.Complete="complete",e))(_||{});function Fe(e){if(!Z(e))throw new Error(`Message is expected to be an object, but got ${W(e)}`);if(!e.type)throw new Error("Message is missing the 'type' property");if(typeof e.type!="string")throw new Error(`Message is expects the 'type' property to be a string, but got ${W(e.type)}`);switch(e.type){case"connection_init":case"connection_ack":case"ping":case"pong":{if(e.payload!=null&&!Z(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break}case"subscribe":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${W(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Z(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${W(e.payload)}`);if(typeof e.payload.query!="string")throw new Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${W(e.payload.query)}`);if(e.payload.variables!=null&&!Z(e.payload.variables))throw new Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${W(e.payload.variables)}`);if(e.payload.operationName!=null&&W(e.payload.operationName)!=="string")throw new Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${W(e.payload.operationName)}`);if(e.payload.extensions!=null&&!Z(e.payload.extensions))throw new Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${W(e.payload.extensions)}`);break}case"next":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${W(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Z(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${W(e.payload)}`);break}case"error":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${W(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Bt(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break}case"complete":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${W(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);break}default:throw new Error(`Invalid message 'type' property "${e.type}"`)}return e}function ze(e,n){return Fe(typeof e=="string"?JSON.parse(e,n):e)}function re(e,n){return Fe(e),JSON.stringify(e,n)}function ve(e){let{url:n,connectionParams:r,lazy:a=!0,onNonLazyError:l=console.error,lazyCloseTimeout:o=0,keepAlive:s=0,disablePong:h,connectionAckWaitTimeout:O=0,retryAttempts:j=5,retryWait:F=async function(g){let c=Math.pow(2,g);await new Promise(f=>setTimeout(f,c*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:T=Ae,on:d,webSocketImpl:u,generateID:S=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,g=>{let c=Math.random()*16|0;return(g=="x"?c:c&3|8).toString(16)})},jsonMessageReplacer:K,jsonMessageReviver:ce}=e,B;if(u){if(!Mt(u))throw new Error("Invalid WebSocket implementation provided");B=u}else typeof WebSocket<"u"?B=WebSocket:typeof global<"u"?B=global.WebSocket||global.MozWebSocket:typeof window<"u"&&(B=window.WebSocket||window.MozWebSocket);if(!B)throw new Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let U=B,v=(()=>{let i=(()=>{let c={};return{on(f,I){return c[f]=I,()=>{delete c[f]}},emit(f){"id"in f&&c[f.id]?.(f)}}})(),g={connecting:d?.connecting?[d.connecting]:[],opened:d?.opened?[d.opened]:[],connected:d?.connected?[d.connected]:[],ping:d?.ping?[d.ping]:[],pong:d?.pong?[d.pong]:[],message:d?.message?[i.emit,d.message]:[i.emit],closed:d?.closed?[d.closed]:[],error:d?.error?[d.error]:[]};return{onMessage:i.on,on(c,f){let I=g[c];return I.push(f),()=>{let k=I.indexOf(f);k>-1&&I.splice(k,1)}},emit(c,...f){for(let I of[...g[c]])I(...f)}}})();function X(i){let g=[v.on("error",c=>{g.forEach(f=>f()),i(c)}),v.on("closed",c=>{g.forEach(f=>f()),i(c)})];return()=>g.forEach(c=>c())}let b,N=0,Q,Y=!1,ne=0,me=!1;async function ye(){clearTimeout(Q);let[i,g]=await(b??(b=new Promise((I,k)=>(async()=>{if(Y){if(await F(ne),!N)return b=void 0,k({code:1e3,reason:"All Subscriptions Gone"});ne++}v.emit("connecting",Y);let p=new U(typeof n=="function"?await n():n,Le),C,M;function ee(){isFinite(s)&&s>0&&(clearTimeout(M),M=setTimeout(()=>{p.readyState===U.OPEN&&(p.send(re({type:_.Ping})),v.emit("ping",!1,void 0))},s))}X($=>{b=void 0,clearTimeout(C),clearTimeout(M),k($),$ instanceof de&&(p.close(4499,"Terminated"),p.onerror=null,p.onclose=null)}),p.onerror=$=>v.emit("error",$),p.onclose=$=>v.emit("closed",$),p.onopen=async()=>{try{v.emit("opened",p);let $=typeof r=="function"?await r():r;if(p.readyState!==U.OPEN)return;p.send(re($?{type:_.ConnectionInit,payload:$}:{type:_.ConnectionInit},K)),isFinite(O)&&O>0&&(C=setTimeout(()=>{p.close(D.ConnectionAcknowledgementTimeout,"Connection acknowledgement timeout")},O)),ee()}catch($){v.emit("error",$),p.close(D.InternalClientError,ke($ instanceof Error?$.message:String($),"Internal client error"))}};let z=!1;p.onmessage=({data:$})=>{try{let P=ze($,ce);if(v.emit("message",P),P.type==="ping"||P.type==="pong"){v.emit(P.type,!0,P.payload),P.type==="pong"?ee():h||(p.send(re(P.payload?{type:_.Pong,payload:P.payload}:{type:_.Pong},K)),v.emit("pong",!1,P.payload));return}if(z)return;if(P.type!==_.ConnectionAck)throw new Error(`First message cannot be of type ${P.type}`);clearTimeout(C),z=!0,v.emit("connected",p,P.payload,Y),Y=!1,ne=0;let qe=new Promise((hn,Wt)=>X(Wt));qe.catch(()=>{}),I([p,qe])}catch(P){p.onmessage=null,v.emit("error",P),p.close(D.BadResponse,ke(P instanceof Error?P.message:String(P),"Bad response"))}}})())));i.readyState===U.CLOSING&&await g;let c=()=>{},f=new Promise(I=>c=I);return[i,c,new Promise((I,k)=>{let p=X(k);i.readyState!==U.OPEN&&g.catch(k),f.then(()=>{if(p(),!N){let C=()=>i.close(1e3,"Normal Closure");isFinite(o)&&o>0?(clearTimeout(Q),Q=setTimeout(()=>{!N&&i.readyState===U.OPEN&&C()},o)):C()}I()})})]}function m(i){if(Ae(i)&&(Ut(i.code)||[D.InternalServerError,D.InternalClientError,D.BadRequest,D.BadResponse,D.Unauthorized,D.SubprotocolNotAcceptable,D.SubscriberAlreadyExists,D.TooManyInitialisationRequests].includes(i.code)))throw i;if(me)return!1;if(Ae(i)&&i.code===1e3)return N>0;if(!j||ne>=j||!T(i))throw i;return Y=!0}a||(async()=>{for(N++;;)try{let[,,i]=await ye();await i}catch(i){try{if(!m(i))return}catch(g){return l?.(g)}}})();function E(i,g){let c=S(i),f=!1,I=!1,k=()=>{N--,f=!0};return(async()=>{for(N++;;)try{let[p,C,M]=await ye();if(f)return M.catch(()=>{}),C();let ee=v.onMessage(c,z=>{switch(z.type){case _.Next:{g.next(z.payload);return}case _.Error:{I=!0,f=!0,g.error(z.payload),k();return}case _.Complete:{f=!0,k();return}}});p.send(re({id:c,type:_.Subscribe,payload:i},K)),k=()=>{!f&&p.readyState===U.OPEN&&p.send(re({id:c,type:_.Complete},K)),N--,f=!0,C()},await M.finally(ee);return}catch(p){if(!m(p))return}})().then(()=>{I||g.complete()}).catch(p=>{g.error(p)}),()=>{f||k()}}return{on:v.on,subscribe:E,iterate(i){let g=[],c={done:!1,error:null,resolve:()=>{}},f=E(i,{next(k){g.push(k),c.resolve()},error(k){c.done=!0,c.error=k,c.resolve()},complete(){c.done=!0,c.resolve()}}),I=(async function*(){for(;;){for(g.length||await new Promise(p=>c.resolve=p);g.length;)yield g.shift();if(c.error)throw c.error;if(c.done)return}})();return I.throw=async k=>(c.done||(c.done=!0,c.error=k,c.resolve()),{done:!0,value:void 0}),I.return=async()=>(f(),{done:!0,value:void 0}),I},async dispose(){if(me=!0,b){let[i]=await b;i.close(1e3,"Normal Closure")}},terminate(){b&&v.emit("closed",new de)}}}var de=class extends Error{constructor(){super(...arguments);J(this,"name","TerminatedCloseEvent");J(this,"message","4499: Terminated");J(this,"code",4499);J(this,"reason","Terminated");J(this,"wasClean",!1)}};function Ae(e){return Z(e)&&"code"in e&&"reason"in e}function Ut(e){return[1e3,1001,1006,1005,1012,1013,1014].includes(e)?!1:e>=1e3&&e<=1999}function Mt(e){return typeof e=="function"&&"constructor"in e&&"CLOSED"in e&&"CLOSING"in e&&"CONNECTING"in e&&"OPEN"in e}var $e="kassa.token",Dt="";localStorage.removeItem("kassa.api");var Ke=Dt||location.origin,oe={http:new URL("/graphql",Ke).toString(),ws:(()=>{let e=new URL("/graphql/ws",Ke);return e.protocol=e.protocol==="https:"?"wss:":"ws:",e.toString()})()},q=class extends Error{constructor(n,{network:r=!1}={}){let a=n?.length?n:[{message:"no data in the response"}];super(a.map(l=>l.extensions?.code?`${l.extensions.code}: ${l.message}`:l.message).join("; ")),this.errors=a,this.codes=a.map(l=>l.extensions?.code).filter(Boolean),this.code=this.codes[0]||(r?"NETWORK_ERROR":"UNKNOWN"),this.network=r}get retriable(){return this.network||this.codes.includes("SERVICE_UNAVAILABLE")||this.codes.includes("INTERNAL_SERVER_ERROR")}},A=e=>e instanceof q?e.message:`ERROR: ${e?.message||e}`,Te=new Set,se=()=>localStorage.getItem($e);function ue(e){e?localStorage.setItem($e,e):localStorage.removeItem($e),qt(),Te.forEach(n=>n(e))}var Ge=e=>(Te.add(e),()=>Te.delete(e)),He=e=>e.match(/\b(?:query|mutation|subscription)\s+(\w+)/)?.[1];async function w(e,n={}){let r={"content-type":"application/json",accept:"application/json"},a=se();a&&(r.authorization=`Bearer ${a}`);let l;try{l=await fetch(oe.http,{method:"POST",headers:r,body:JSON.stringify({query:e,variables:n,operationName:He(e)})})}catch(s){throw new q([{message:`cannot reach the server (${s.message})`}],{network:!0})}let o;try{o=await l.json()}catch{throw new q([{message:`HTTP ${l.status}: not a GraphQL response`}],{network:l.status>=500})}if(o.errors?.length||o.data==null){let s=new q(o.errors);throw s.codes.includes("UNAUTHENTICATED")&&a&&!/\b(signIn|signUp)\b/.test(e)&&Ve(),s}return o.data}function Ve(){se()&&ue(null)}var ae=null,Pe=new Set,je=e=>(Pe.add(e),()=>Pe.delete(e)),Ne=e=>Pe.forEach(n=>n(e));function _t(){if(ae)return ae;let e=se();return ae=ve({url:oe.ws,connectionParams:()=>({authorization:`Bearer ${e}`}),lazy:!0,keepAlive:15e3,retryAttempts:1/0,shouldRetry:n=>!(n&&typeof n.code=="number"&&(n.code===4401||n.code===4403)),on:{connecting:()=>Ne("connecting"),connected:()=>Ne("connected"),closed:()=>Ne("closed")}}),ae}function qt(){let e=ae;ae=null,e&&e.dispose()}function pe(e,n,{next:r,error:a,complete:l}={}){return se()?_t().subscribe({query:e,variables:n,operationName:He(e)},{next:o=>{if(o.errors?.length||!o.data)return a?.(new q(o.errors));r?.(o.data)},error:o=>{let s=Array.isArray(o)?new q(o):new q([{message:o?.reason||o?.message||`connection closed (${o?.code??"?"})`}],{network:!0});(s.codes.includes("UNAUTHENTICATED")||o?.code===4401)&&Ve(),a?.(s)},complete:()=>l?.()}):()=>{}}function t(e,n={},...r){let a=document.createElement(e);for(let[l,o]of Object.entries(n||{}))o==null||o===!1||(l.startsWith("on")&&typeof o=="function"?a.addEventListener(l.slice(2),o):l==="class"?a.className=o:l==="testid"?a.dataset.testid=o:l==="dataset"?Object.assign(a.dataset,o):l==="value"?a.value=o:o===!0?a.setAttribute(l,""):a.setAttribute(l,String(o)));return Qe(a,r),a}function Qe(e,n){for(let r of n.flat(1/0))r==null||r===!1||e.append(r instanceof Node?r:document.createTextNode(String(r)))}function x(e,...n){return e.replaceChildren(),Qe(e,n),e}function G(e){let n={};for(let r of e.elements)r.name&&(n[r.name]=r.type==="checkbox"?r.checked:r.value.trim());return n}function R(e){return t("p",{class:"status",testid:e,role:"status","aria-live":"polite"})}function y(e,n,r="ok"){e.textContent=n,e.dataset.kind=r,e.className=`status ${r}`}var Ye=`# Me: the signed-in user (id, email, name, roles) and the number of their wallet;
# null when the request carries no valid token.
# Who may call: anyone (returns null when not signed in).
# Example variables: {}
query Me {
  me {
    id
    email
    name
    roles
    createdAt
    wallet {
      id
      number
      balance
      currency
      version
    }
  }
}
`;var Je=`# SignOut: revokes the token this request carries; the subscriptions opened with it end.
# Who may call: any signed-in user.
# Example variables: {}
mutation SignOut {
  signOut
}
`;var H=null,Ce=new Set,te=()=>H,be=e=>!!H?.roles?.includes(e),Ze=e=>(Ce.add(e),()=>Ce.delete(e)),Xe=()=>Ce.forEach(e=>e(H));async function et(){if(!se())return H=null;try{H=(await w(Ye)).me,H||ue(null)}catch(e){if(e instanceof q&&e.codes.includes("UNAUTHENTICATED"))H=null;else throw e}return H}Ge(e=>{e||(H=null,Xe())});async function tt(){try{await w(Je)}catch{}ue(null)}async function We(e){ue(e.token),H=e.user,Xe()}var ge=class{constructor({fetchWallet:n,onChange:r}){this.fetchWallet=n,this.onChange=r,this.state=null}reset(){this.state=null}apply(n){let r=this.state?.version;if(r!=null&&n.version<=r)return"ignored";let a=r!=null&&n.version>r+1;return this.set({balance:n.balance,currency:n.currency,version:n.version,walletNumber:n.walletNumber},{event:n,gap:a}),a&&this.resync(),a?"resync":"applied"}async resync(){let n=await this.fetchWallet();n&&(this.state==null||n.version>=this.state.version)&&this.set({balance:n.balance,currency:n.currency,version:n.version,walletNumber:n.number},{resynced:!0})}set(n,r){this.state=n,this.onChange?.(n,r)}};function L(e){if(e==null)return"\u2014";let[n,r]=String(e).split("."),a=n.replace(/\B(?=(\d{3})+(?!\d))/g,"\u202F");return r!=null?`${a}.${r}`:a}function V(e){return String(e??"").replace(/\D/g,"").replace(/(\d{4})(?=\d)/g,"$1 ")}function nt(e){return String(e??"").replace(/[\s-]/g,"")}function rt(e){if(!/^\d+$/.test(e))return!1;let n=0;for(let r=0;r<e.length;r++){let a=e.charCodeAt(e.length-1-r)-48;r%2===1&&(a=a*2>9?a*2-9:a*2),n+=a}return n%10===0}function at(e){return/^\d+(\.\d{1,2})?$/.test(e)&&/[1-9]/.test(e)}function we(e){if(!e)return"";let n=new Date(e);return Number.isNaN(n.getTime())?e:n.toLocaleString(void 0,{dateStyle:"short",timeStyle:"medium"})}var xe={TOP_UP:"Top-up",WRITE_OFF:"Write-off",PAYMENT:"Payment",REFUND:"Refund"},Re={TOP_UP:"+",REFUND:"+",WRITE_OFF:"\u2212",PAYMENT:"\u2212"};function ot(){if(globalThis.crypto?.randomUUID)return crypto.randomUUID();let e=crypto.getRandomValues(new Uint8Array(16));e[6]=e[6]&15|64,e[8]=e[8]&63|128;let n=[...e].map(r=>r.toString(16).padStart(2,"0")).join("");return`${n.slice(0,8)}-${n.slice(8,12)}-${n.slice(12,16)}-${n.slice(16,20)}-${n.slice(20)}`}var Se=`# MyWallet: the signed-in user's wallet (number, balance, version) with one page of its
# history, newest first. Page on with \`after\` = the previous page's pageInfo.endCursor.
# Who may call: any signed-in user (CUSTOMER and up), for their own wallet only.
# Example variables: {"first": 10, "after": null, "filter": {"kinds": ["TOP_UP", "REFUND"]}}
query MyWallet($first: Int = 10, $after: String, $filter: TransactionFilter) {
  myWallet {
    id
    number
    balance
    currency
    version
    createdAt
    owner {
      id
      name
    }
    transactions(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          kind
          amount
          balanceAfter
          walletVersion
          reference
          comment
          createdAt
          performedBy {
            id
            name
          }
          paymentSystem {
            id
            name
            provider
          }
          refundOf {
            id
            amount
          }
        }
      }
      pageInfo {
        hasPreviousPage
        hasNextPage
        startCursor
        endCursor
      }
    }
  }
}
`;var st=`# MyBalance: live balance of the signed-in user's wallet. The first event is the current
# state (transaction null), then one event per change. Versions grow by one per change:
# a jump (version > last + 1) means events were missed, so refetch MyWallet; ignore an
# event whose version is not newer than the last one applied.
# Who may call: any signed-in user (WebSocket connection_init {"authorization": "Bearer <token>"}).
# Example variables: {}
subscription MyBalance {
  myBalance {
    walletId
    walletNumber
    balance
    currency
    version
    transaction {
      id
      kind
      amount
      balanceAfter
      walletVersion
      comment
      createdAt
    }
  }
}
`;var it=document.getElementById("balance-widget"),ie=document.getElementById("balance"),Gt=document.getElementById("balance-currency"),fe=document.getElementById("balance-status"),Oe=new Set,lt=new ge({fetchWallet:async()=>(await w(Se,{first:1})).myWallet,onChange:(e,n)=>{ie.textContent=L(e.balance),ie.dataset.amount=e.balance,ie.dataset.version=String(e.version),Gt.textContent=e.currency,Oe.forEach(r=>r(e,n))}}),ct=e=>(Oe.add(e),()=>Oe.delete(e)),Be=null;function Ue(){Me(),it.hidden=!1,ie.textContent="\u2026",Be=pe(st,{},{next:({myBalance:e})=>lt.apply(e),error:e=>{fe.dataset.state="error",fe.title=A(e)},complete:()=>{fe.dataset.state="closed"}})}function Me(){Be?.(),Be=null,lt.reset(),it.hidden=!0,delete ie.dataset.amount,delete ie.dataset.version}je(e=>{fe.dataset.state=e,fe.title={connected:"live",connecting:"connecting\u2026",closed:"reconnecting\u2026"}[e]||e});var Ht=document.getElementById("nav"),Vt=document.getElementById("account");function Ie(){let e=te(),n=[];e&&(n.push(["#/wallet","My wallet","nav-wallet"]),(be("CASHIER")||be("ADMIN"))&&n.push(["#/cashier","Wallet top-up","nav-cashier"]),be("ADMIN")&&(n.push(["#/admin/cashiers","Cashiers","nav-admin-cashiers"]),n.push(["#/admin/payment-systems","Payment systems","nav-admin-payment-systems"])));let r=location.hash.split("?")[0];x(Ht,n.map(([a,l,o])=>t("a",{href:a,testid:o,class:r===a?"active":null},l))),x(Vt,e?[t("span",{class:"who",testid:"account-name",title:e.email},e.name),t("button",{type:"button",class:"link",testid:"signout",onclick:tt},"Sign out")]:[])}var mt=`# SignIn: exchanges email and password for a bearer token. Bad credentials fail with
# UNAUTHENTICATED; too many failed attempts with RATE_LIMITED.
# Who may call: anyone (no token needed).
# Example variables: {"input": {"email": "admin@example.com", "password": "s3cret-passw0rd"}}
mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    token
    expiresAt
    user {
      id
      email
      name
      roles
      wallet {
        id
        number
        balance
        currency
        version
      }
    }
  }
}
`;var dt=`# SignUp: creates a customer account with its own wallet and signs in; keep the returned
# token and send it as "Authorization: Bearer <token>". FORBIDDEN when self-registration
# is switched off (KASSA_ALLOW_SIGNUP=false).
# Who may call: anyone (no token needed).
# Example variables: {"input": {"email": "olga@example.com", "password": "correct horse battery", "name": "Olga"}}
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    token
    expiresAt
    user {
      id
      email
      name
      roles
      wallet {
        id
        number
        balance
        currency
        version
      }
    }
  }
}
`;function ut(e){let n=R("login-error"),r=R("signup-error"),a=t("form",{class:"card",testid:"login-form",onsubmit:async o=>{o.preventDefault();let s=G(o.target);y(n,"Signing in\u2026","info");try{let{signIn:h}=await w(mt,{input:{email:s.email,password:s.password}});await We(h)}catch(h){y(n,A(h),"error")}}},t("h2",{},"Sign in"),t("label",{},"Email",t("input",{name:"email",type:"email",required:!0,autocomplete:"username",testid:"login-email",id:"login-email"})),t("label",{},"Password",t("input",{name:"password",type:"password",required:!0,autocomplete:"current-password",testid:"login-password",id:"login-password"})),t("button",{type:"submit",testid:"login-submit",id:"login-submit"},"Sign in"),n),l=t("form",{class:"card",testid:"signup-form",onsubmit:async o=>{o.preventDefault();let s=G(o.target);y(r,"Creating your wallet\u2026","info");try{let{signUp:h}=await w(dt,{input:{name:s.name,email:s.email,password:s.password}});await We(h)}catch(h){y(r,A(h),"error")}}},t("h2",{},"New here? Create a wallet"),t("label",{},"Name",t("input",{name:"name",required:!0,autocomplete:"name",testid:"signup-name"})),t("label",{},"Email",t("input",{name:"email",type:"email",required:!0,autocomplete:"email",testid:"signup-email"})),t("label",{},"Password (8 to 128 characters)",t("input",{name:"password",type:"password",required:!0,minlength:8,maxlength:128,autocomplete:"new-password",testid:"signup-password"})),t("button",{type:"submit",testid:"signup-submit"},"Sign up"),r);x(e,t("div",{class:"grid two"},a,l),t("p",{class:"muted small"},`API: ${oe.http}`))}function he(e,{showWallet:n=!1,testid:r="history-row"}={}){return e.map(({node:a})=>t("tr",{testid:r,dataset:{id:a.id,kind:a.kind}},t("td",{class:"nowrap"},we(a.createdAt)),n?t("td",{class:"mono nowrap"},V(a.wallet?.number)):null,t("td",{},t("span",{class:`kind ${a.kind}`},xe[a.kind]||a.kind)),t("td",{class:`num ${Re[a.kind]==="+"?"plus":"minus"}`},`${Re[a.kind]||""}${L(a.amount)}`),t("td",{class:"num"},L(a.balanceAfter)),t("td",{class:"details"},[a.paymentSystem?.name,a.reference,a.comment,a.performedBy&&!n?`by ${a.performedBy.name}`:null].filter(Boolean).join(" \xB7 "))))}var le=`# PaymentSystems: the connected payment systems. Customers and cashiers get the enabled
# ones (merchantId null); an ADMIN gets all of them, merchantId included. Secrets are
# never returned, only hasSecret.
# Who may call: any signed-in user.
# Example variables: {}
query PaymentSystems {
  paymentSystems {
    id
    provider
    name
    enabled
    merchantId
    hasSecret
    createdAt
    updatedAt
  }
}
`;var pt=`# WalletConfig: the currency, whether top-ups are available (at least one payment
# system enabled) and the largest amount one operation may move.
# Who may call: everyone, signed in or not.
# Example variables: {}
query WalletConfig {
  walletConfig {
    currency
    topUpAvailable
    maxOperationAmount
  }
}
`;async function ft(e,n){let a=t("div",{class:"wallet-number mono",testid:"wallet-number"}),l=t("div",{class:"big",testid:"wallet-balance"}),o=t("div",{testid:"topup-instructions"}),s=t("tbody",{testid:"history"}),h=t("button",{type:"button",class:"secondary",testid:"history-prev"},"\u2190 Newer"),O=t("button",{type:"button",class:"secondary",testid:"history-next"},"Older \u2192"),j=t("span",{class:"muted",testid:"history-page"}),F=[null],T=0,d=null;async function u(){let{myWallet:b}=await w(Se,{first:10,after:F[T]});d=b,a.textContent=V(b.number),a.dataset.number=b.number,l.textContent=`${L(b.balance)} ${b.currency}`,l.dataset.amount=b.balance;let N=b.transactions;x(s,N.edges.length?he(N.edges):t("tr",{},t("td",{colspan:5,class:"muted"},T?"No older transactions.":"No transactions yet."))),F[T+1]=N.pageInfo.endCursor,O.disabled=!N.pageInfo.hasNextPage,h.disabled=T===0,j.textContent=`Page ${T+1}`}h.onclick=()=>{T=Math.max(0,T-1),u().catch(K)},O.onclick=()=>{T+=1,F=F.slice(0,T+1),u().catch(K)};let S=R("wallet-error"),K=b=>y(S,A(b),"error");x(e,t("h1",{},"My wallet"),t("div",{class:"grid two"},t("section",{class:"card"},t("h2",{},"Wallet number"),a,t("p",{class:"muted small"},"Tell this number to the cashier when you top up."),t("h2",{},"Balance"),l),t("section",{class:"card"},t("h2",{},"How to top up"),o)),t("section",{class:"card"},t("div",{class:"row"},t("h2",{},"History"),t("span",{class:"spacer"}),h,j,O),t("table",{class:"tx"},t("thead",{},t("tr",{},t("th",{},"When"),t("th",{},"What"),t("th",{class:"num"},"Amount"),t("th",{class:"num"},"Balance after"),t("th",{},"Details"))),s),S));let[ce,B,U]=await Promise.all([u(),w(pt),w(le)]),v=U.paymentSystems.filter(b=>b.enabled);B.walletConfig.topUpAvailable&&v.length?x(o,t("ol",{},t("li",{},"Pay the amount you want through one of these payment systems:",t("ul",{testid:"payment-system-list"},v.map(b=>t("li",{testid:"payment-system-option"},b.name)))),t("li",{},"Keep the receipt or payment number."),t("li",{},"Give the cashier the receipt and your wallet number ",t("strong",{class:"mono"},V(d.number)),".")),t("p",{class:"muted small"},`Up to ${L(B.walletConfig.maxOperationAmount)} ${B.walletConfig.currency} per operation.`)):x(o,t("p",{class:"notice",testid:"topup-unavailable"},"Top-up not available yet"));let X=(b,N)=>{l.textContent=`${L(b.balance)} ${b.currency}`,l.dataset.amount=b.balance,(N.event?.transaction||N.resynced)&&T===0&&u().catch(K)};n.push(ct(X))}var ht=`# WalletByNumber: finds the wallet whose 12-digit number a customer gives at the desk,
# with its owner, balance and latest transactions. Returns null when no wallet has that
# number; a mistyped number (wrong length or Luhn check digit) fails with BAD_USER_INPUT.
# Who may call: CASHIER, ADMIN.
# Example variables: {"number": "100000000008", "first": 5}
query WalletByNumber($number: String!, $first: Int = 5) {
  walletByNumber(number: $number) {
    id
    number
    balance
    currency
    version
    owner {
      id
      name
      email
    }
    transactions(first: $first) {
      edges {
        cursor
        node {
          id
          kind
          amount
          balanceAfter
          walletVersion
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
`;var yt=`# RecentTransactions: transactions on all wallets, newest first; \`since\` defaults to
# 24 hours ago on the server. Page on with \`after\` = pageInfo.endCursor.
# Who may call: CASHIER, ADMIN.
# Example variables: {"since": "2026-11-27T00:00:00Z", "first": 20, "after": null}
query RecentTransactions($since: DateTime, $first: Int = 20, $after: String) {
  recentTransactions(since: $since, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        kind
        amount
        balanceAfter
        walletVersion
        reference
        comment
        createdAt
        wallet {
          id
          number
        }
        performedBy {
          id
          name
        }
        paymentSystem {
          id
          name
        }
      }
    }
    pageInfo {
      hasPreviousPage
      hasNextPage
      startCursor
      endCursor
    }
  }
}
`;var bt=`# TopUpWallet: credits a customer's wallet with real funds the customer paid through an
# enabled payment system (receipt = that payment's number). Send a fresh idempotencyKey
# per submission and the SAME key when retrying it: a retry moves no money twice.
# Errors: NOT_FOUND (no such wallet), BAD_USER_INPUT, PAYMENT_SYSTEM_DISABLED,
# IDEMPOTENCY_KEY_REUSED (same key, other input).
# Who may call: CASHIER.
# Example variables: {"input": {"walletNumber": "100000000008", "amount": "1250.00", "paymentSystemId": "1", "receipt": "RK-55120", "comment": "paid at the desk", "idempotencyKey": "8f14e45f-ea8e-4d2b-9c0e-2a4e5b9a7f10"}}
mutation TopUpWallet($input: TopUpWalletInput!) {
  topUpWallet(input: $input) {
    transaction {
      id
      kind
      amount
      balanceAfter
      walletVersion
      reference
      comment
      createdAt
      performedBy {
        id
        name
      }
      paymentSystem {
        id
        name
      }
      refundOf {
        id
        amount
      }
    }
    wallet {
      id
      number
      balance
      currency
      version
    }
  }
}
`;var gt=`# WriteOffWallet: takes funds off a customer's wallet with a reason. INSUFFICIENT_FUNDS
# when the balance is lower than the amount. Same idempotency rules as TopUpWallet.
# Who may call: CASHIER.
# Example variables: {"input": {"walletNumber": "100000000008", "amount": "50.00", "reason": "duplicate top-up", "idempotencyKey": "0b6e3c1a-5d4f-4b7e-8f2a-9c1d2e3f4a5b"}}
mutation WriteOffWallet($input: WriteOffWalletInput!) {
  writeOffWallet(input: $input) {
    transaction {
      id
      kind
      amount
      balanceAfter
      walletVersion
      reference
      comment
      createdAt
      performedBy {
        id
        name
      }
      paymentSystem {
        id
        name
      }
      refundOf {
        id
        amount
      }
    }
    wallet {
      id
      number
      balance
      currency
      version
    }
  }
}
`;var wt=`# WalletBalance: live balance of any wallet by number, e.g. on the cashier's screen while
# the customer is at the desk. First the current state, then one event per change.
# Who may call: CASHIER, ADMIN.
# Example variables: {"walletNumber": "100000000008"}
subscription WalletBalance($walletNumber: String!) {
  walletBalance(walletNumber: $walletNumber) {
    walletId
    walletNumber
    balance
    currency
    version
    transaction {
      id
      kind
      amount
      balanceAfter
      walletVersion
      createdAt
    }
  }
}
`;var xt=`# TransactionFeed: every new transaction on any wallet as it is committed (nothing is
# sent for past ones: load RecentTransactions first, then apply this feed on top).
# Who may call: CASHIER, ADMIN.
# Example variables: {}
subscription TransactionFeed {
  transactionFeed {
    id
    kind
    amount
    balanceAfter
    walletVersion
    reference
    comment
    createdAt
    wallet {
      id
      number
    }
    performedBy {
      id
      name
    }
    paymentSystem {
      id
      name
    }
  }
}
`;async function St(e,n){let r=null,a=null,l=null,o=null,s=R("topup-find-error"),h=t("div",{class:"found",testid:"topup-wallet"}),O=t("input",{name:"number",id:"topup-wallet-number",testid:"topup-wallet-number",inputmode:"numeric",autocomplete:"off",placeholder:"1234 5678 9012",required:!0}),j=t("form",{class:"row",testid:"topup-find-form",onsubmit:m=>(m.preventDefault(),F())},O,t("button",{type:"submit",testid:"topup-find",id:"topup-find"},"Find wallet"));async function F(){let m=nt(O.value);a?.(),a=null,r=null,U(!1),x(h),y(s,/^\d{12}$/.test(m)&&!rt(m)?"Checking\u2026 (the check digit looks wrong)":"Looking up\u2026","info");try{let{walletByNumber:E}=await w(ht,{number:m,first:5});if(!E)return y(s,`NOT_FOUND: no wallet has the number ${V(m)}`,"error");r=E,y(s,"","ok"),T(),U(!0),a=pe(wt,{walletNumber:r.number},{next:({walletBalance:i})=>{r&&i.walletNumber===r.number&&i.version>r.version&&(r={...r,balance:i.balance,version:i.version},T())}})}catch(E){y(s,A(E),"error")}}n.push(()=>a?.());function T(){x(h,t("div",{},t("strong",{testid:"topup-owner"},r.owner.name)," ",t("span",{class:"muted"},r.owner.email)),t("div",{class:"mono",testid:"topup-found-number"},V(r.number)),t("div",{},"Balance: ",t("strong",{testid:"topup-wallet-balance",dataset:{amount:r.balance}},`${L(r.balance)} ${r.currency}`)))}let{paymentSystems:d}=await w(le),u=d.filter(m=>m.enabled),S=R("topup-status"),K=t("form",{class:"card",testid:"topup-form",oninput:()=>l=null,onsubmit:m=>(m.preventDefault(),X(m.target))},t("h2",{},"Top up"),t("label",{},"Payment system",t("select",{name:"paymentSystemId",id:"topup-payment-system",testid:"topup-payment-system",required:!0},u.length?u.map(m=>t("option",{value:m.id},m.name)):t("option",{value:""},"No payment system is enabled"))),t("label",{},"Amount",t("input",{name:"amount",id:"topup-amount",testid:"topup-amount",inputmode:"decimal",placeholder:"1250.00",required:!0,autocomplete:"off"})),t("label",{},"Receipt number",t("input",{name:"receipt",id:"topup-receipt",testid:"topup-receipt",required:!0,autocomplete:"off"})),t("label",{},"Comment",t("input",{name:"comment",id:"topup-comment",testid:"topup-comment",autocomplete:"off"})),t("button",{type:"submit",id:"topup-submit",testid:"topup-submit"},"Top up"),S),ce=R("writeoff-status"),B=t("form",{class:"card",testid:"writeoff-form",oninput:()=>o=null,onsubmit:m=>(m.preventDefault(),b(m.target))},t("h2",{},"Write off"),t("label",{},"Amount",t("input",{name:"amount",testid:"writeoff-amount",inputmode:"decimal",required:!0,autocomplete:"off"})),t("label",{},"Reason",t("input",{name:"reason",testid:"writeoff-reason",required:!0,autocomplete:"off"})),t("button",{type:"submit",class:"danger",testid:"writeoff-submit"},"Write off"),ce);function U(m){for(let E of[K,B])for(let i of E.elements)i.disabled=!m}async function v({form:m,statusEl:E,mutation:i,field:g,input:c,getKey:f,setKey:I,verb:k}){if(!r)return;if(!at(c.amount))return y(E,"BAD_USER_INPUT: the amount must look like 1250 or 1250.50 (digits, a dot, at most 2 decimals)","error");let p=f()||I(ot()),C=m.querySelector("button[type=submit]");C.disabled=!0,y(E,"Sending\u2026","info");try{let M=await w(i,{input:{...c,idempotencyKey:p}}),{transaction:ee,wallet:z}=M[g];I(null);let $=m.elements.paymentSystemId?.value;m.reset(),$&&(m.elements.paymentSystemId.value=$),C.textContent=k,r={...r,balance:z.balance,version:Math.max(r.version,z.version)},T(),y(E,`Done: ${xe[ee.kind]} of ${L(ee.amount)} ${z.currency}; balance now ${L(z.balance)} ${z.currency}.`,"ok")}catch(M){M instanceof q&&M.retriable?(C.textContent=`Retry ${k.toLowerCase()}`,y(E,`${A(M)}. Press retry: it is safe, the same request is sent again.`,"error")):(I(null),y(E,A(M),"error"))}finally{C.disabled=!1}}function X(m){let E=G(m);return v({form:m,statusEl:S,mutation:bt,field:"topUpWallet",verb:"Top up",input:{walletNumber:r?.number,amount:E.amount,paymentSystemId:E.paymentSystemId,receipt:E.receipt,comment:E.comment||null},getKey:()=>l,setKey:i=>l=i})}function b(m){let E=G(m);return v({form:m,statusEl:ce,mutation:gt,field:"writeOffWallet",verb:"Write off",input:{walletNumber:r?.number,amount:E.amount,reason:E.reason},getKey:()=>o,setKey:i=>o=i})}let N=t("tbody",{testid:"recent-transactions"}),Q=t("span",{class:"muted small",testid:"feed-status"},"connecting\u2026"),Y=new Set,ne=t("table",{class:"tx"},t("thead",{},t("tr",{},t("th",{},"When"),t("th",{},"Wallet"),t("th",{},"What"),t("th",{class:"num"},"Amount"),t("th",{class:"num"},"Balance after"),t("th",{},"Details"))),N);x(e,t("h1",{},"Wallet top-up"),t("section",{class:"card"},t("h2",{},"Find the wallet"),j,s,h),t("div",{class:"grid two"},K,B),t("section",{class:"card"},t("div",{class:"row"},t("h2",{},"Last 24 hours"),t("span",{class:"spacer"}),Q),ne)),U(!1);let{recentTransactions:me}=await w(yt,{first:50});me.edges.forEach(m=>Y.add(m.node.id)),x(N,he(me.edges,{showWallet:!0,testid:"recent-row"}));let ye=pe(xt,{},{next:({transactionFeed:m})=>{Q.textContent="live",!Y.has(m.id)&&(Y.add(m.id),N.prepend(...he([{node:m}],{showWallet:!0,testid:"recent-row"})))},error:m=>Q.textContent=A(m),complete:()=>Q.textContent="feed ended"});Q.textContent="live",n.push(ye)}var It=`# Users: users whose email or name contains \`search\` (e.g. to choose a cashier), with
# their roles. Page on with \`after\` = pageInfo.endCursor.
# Who may call: ADMIN.
# Example variables: {"search": "anna", "first": 20, "after": null}
query Users($search: String, $first: Int = 20, $after: String) {
  users(search: $search, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        email
        name
        roles
        createdAt
      }
    }
    pageInfo {
      hasPreviousPage
      hasNextPage
      startCursor
      endCursor
    }
  }
}
`;var Et=`# Cashiers: every current cashier, who appointed them (null when added from the command
# line) and when.
# Who may call: ADMIN.
# Example variables: {}
query Cashiers {
  cashiers {
    user {
      id
      email
      name
    }
    addedBy {
      id
      name
    }
    addedAt
  }
}
`;var kt=`# CreateUser: creates a user account (with its wallet) on someone's behalf, e.g. a new
# cashier, without signing in as them.
# Who may call: ADMIN.
# Example variables: {"input": {"email": "ivan@example.com", "password": "initial-passw0rd", "name": "Ivan (desk 2)"}}
mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    id
    email
    name
    roles
    createdAt
    wallet {
      id
      number
    }
  }
}
`;var At=`# AddCashier: appoints an existing user as a cashier.
# Who may call: ADMIN.
# Example variables: {"userId": "7"}
mutation AddCashier($userId: ID!) {
  addCashier(userId: $userId) {
    user {
      id
      email
      name
      roles
    }
    addedBy {
      id
      name
    }
    addedAt
  }
}
`;var vt=`# RemoveCashier: takes the cashier role away from a user; their cashier-only
# subscriptions end. Returns true when the user was a cashier.
# Who may call: ADMIN.
# Example variables: {"userId": "7"}
mutation RemoveCashier($userId: ID!) {
  removeCashier(userId: $userId)
}
`;async function Nt(e){let n=t("tbody",{testid:"cashier-list"}),r=t("tbody",{testid:"user-results"}),a=R("cashiers-status"),l=new Set;async function o(){let{cashiers:d}=await w(Et);l=new Set(d.map(u=>u.user.id)),x(n,d.length?d.map(u=>t("tr",{testid:"cashier-row",dataset:{userId:u.user.id}},t("td",{},u.user.name),t("td",{},u.user.email),t("td",{class:"muted"},u.addedBy?`${u.addedBy.name}, `:"command line, ",we(u.addedAt)),t("td",{},t("button",{type:"button",class:"danger small",testid:`cashier-remove-${u.user.id}`,onclick:()=>O(()=>w(vt,{userId:u.user.id}),`${u.user.name} is no longer a cashier.`)},"Remove")))):t("tr",{},t("td",{colspan:4,class:"muted"},"No cashiers yet.")))}async function s(d){let{users:u}=await w(It,{search:d||null,first:20});x(r,u.edges.length?u.edges.map(({node:S})=>t("tr",{testid:"user-row",dataset:{userId:S.id}},t("td",{},S.name),t("td",{},S.email),t("td",{},S.roles.join(", ")),t("td",{},l.has(S.id)?t("span",{class:"badge"},"Cashier"):t("button",{type:"button",class:"small",testid:`make-cashier-${S.id}`,onclick:()=>O(()=>w(At,{userId:S.id}),`${S.name} is now a cashier.`)},"Make cashier")))):t("tr",{},t("td",{colspan:4,class:"muted"},"Nobody matches.")))}let h="";async function O(d,u){try{await d(),y(a,u,"ok"),await o(),await s(h)}catch(S){y(a,A(S),"error")}}let j=t("form",{class:"row",onsubmit:d=>{d.preventDefault(),h=G(d.target).q,s(h).catch(u=>y(a,A(u),"error"))}},t("input",{name:"q",testid:"user-search",placeholder:"name or email"}),t("button",{type:"submit",testid:"user-search-submit"},"Search")),F=R("new-user-status"),T=t("form",{class:"card",testid:"new-user-form",onsubmit:async d=>{d.preventDefault();let u=G(d.target);try{let{createUser:S}=await w(kt,{input:{email:u.email,name:u.name,password:u.password}});d.target.reset(),y(F,`Created ${S.name} (wallet ${V(S.wallet.number)}).`,"ok"),h=S.email,await s(h)}catch(S){y(F,A(S),"error")}}},t("h2",{},"Create a user"),t("label",{},"Name",t("input",{name:"name",required:!0,testid:"new-user-name"})),t("label",{},"Email",t("input",{name:"email",type:"email",required:!0,testid:"new-user-email"})),t("label",{},"Initial password",t("input",{name:"password",type:"password",required:!0,minlength:8,testid:"new-user-password",autocomplete:"new-password"})),t("button",{type:"submit",testid:"new-user-submit"},"Create user"),F);x(e,t("h1",{},"Cashiers"),a,t("section",{class:"card"},t("h2",{},"Current cashiers"),t("table",{},t("thead",{},t("tr",{},t("th",{},"Name"),t("th",{},"Email"),t("th",{},"Added by"),t("th",{}))),n)),t("div",{class:"grid two"},t("section",{class:"card"},t("h2",{},"Find a user"),j,t("table",{},t("thead",{},t("tr",{},t("th",{},"Name"),t("th",{},"Email"),t("th",{},"Roles"),t("th",{}))),r)),T)),await o(),await s("")}var $t=`# CreatePaymentSystemBinding: connects a payment system (provider, display name,
# merchant id, write-only secret) through which customers pay real funds.
# Who may call: ADMIN.
# Example variables: {"input": {"provider": "ROBOKASSA", "name": "Robokassa (main shop)", "merchantId": "kassa-shop", "secret": "pass1", "enabled": true}}
mutation CreatePaymentSystemBinding($input: CreatePaymentSystemBindingInput!) {
  createPaymentSystemBinding(input: $input) {
    id
    provider
    name
    enabled
    merchantId
    hasSecret
    createdAt
    updatedAt
  }
}
`;var Tt=`# UpdatePaymentSystemBinding: renames, enables/disables or re-keys a payment system;
# fields left null stay as they are (a null secret keeps the stored one).
# Who may call: ADMIN.
# Example variables: {"id": "1", "input": {"enabled": false}}
mutation UpdatePaymentSystemBinding($id: ID!, $input: UpdatePaymentSystemBindingInput!) {
  updatePaymentSystemBinding(id: $id, input: $input) {
    id
    provider
    name
    enabled
    merchantId
    hasSecret
    createdAt
    updatedAt
  }
}
`;var un=["YOOMONEY","QIWI","PAYMASTER","MYKASSA","ROBOKASSA","OTHER"];async function Pt(e){let n=t("tbody",{testid:"ps-list"}),r=R("ps-status");async function a(){let{paymentSystems:o}=await w(le);x(n,o.length?o.map(s=>t("tr",{testid:"ps-row",dataset:{id:s.id,enabled:String(s.enabled)}},t("td",{},s.name),t("td",{},s.provider),t("td",{class:"mono"},s.merchantId??"\u2014"),t("td",{},s.hasSecret?"stored":"\u2014"),t("td",{},t("span",{class:`badge ${s.enabled?"on":"off"}`},s.enabled?"enabled":"disabled")),t("td",{},t("button",{type:"button",class:"small secondary",testid:`ps-toggle-${s.id}`,onclick:async()=>{try{await w(Tt,{id:s.id,input:{enabled:!s.enabled}}),y(r,`${s.name} is now ${s.enabled?"disabled":"enabled"}.`,"ok"),await a()}catch(h){y(r,A(h),"error")}}},s.enabled?"Disable":"Enable")))):t("tr",{},t("td",{colspan:6,class:"muted"},"No payment system is connected: customers cannot top up yet.")))}let l=t("form",{class:"card",testid:"ps-form",onsubmit:async o=>{o.preventDefault();let s=G(o.target);try{let{createPaymentSystemBinding:h}=await w($t,{input:{provider:s.provider,name:s.name,merchantId:s.merchantId||null,secret:s.secret||null,enabled:s.enabled}});o.target.reset(),y(r,`Connected ${h.name}.`,"ok"),await a()}catch(h){y(r,A(h),"error")}}},t("h2",{},"Connect a payment system"),t("label",{},"Provider",t("select",{name:"provider",testid:"ps-provider"},un.map(o=>t("option",{value:o},o)))),t("label",{},"Name shown to customers",t("input",{name:"name",required:!0,testid:"ps-name",placeholder:"Robokassa (main shop)"})),t("label",{},"Merchant id",t("input",{name:"merchantId",testid:"ps-merchant",autocomplete:"off"})),t("label",{},"Secret (write-only)",t("input",{name:"secret",type:"password",testid:"ps-secret",autocomplete:"new-password"})),t("label",{class:"check"},t("input",{name:"enabled",type:"checkbox",checked:!0,testid:"ps-enabled"}),"Enabled"),t("button",{type:"submit",testid:"ps-create"},"Connect"));x(e,t("h1",{},"Payment systems"),r,t("section",{class:"card"},t("table",{},t("thead",{},t("tr",{},t("th",{},"Name"),t("th",{},"Provider"),t("th",{},"Merchant id"),t("th",{},"Secret"),t("th",{},"State"),t("th",{}))),n)),l),await a()}var Ct=document.getElementById("page"),Ee=class{constructor(){J(this,"fns",[]);J(this,"disposed",!1)}push(n){this.disposed?n():this.fns.push(n)}dispose(){this.disposed=!0,this.fns.splice(0).forEach(n=>n())}},De=new Ee,pn={"#/login":ut,"#/wallet":ft,"#/cashier":St,"#/admin/cashiers":Nt,"#/admin/payment-systems":Pt};async function _e(){De.dispose(),De=new Ee;let e=location.hash.split("?")[0]||"#/wallet",n=te();if(!n&&e!=="#/login"){location.hash="#/login";return}if(n&&e==="#/login"){location.hash="#/wallet";return}let r=pn[e]||fn;Ie();let a=t("div",{class:"view"});x(Ct,a),Ct.dataset.route=e;try{await r(a,De)}catch(l){a.append(t("p",{class:"error",testid:"page-error"},A(l)))}}function fn(e){x(e,t("h1",{},"Page not found"),t("p",{},t("a",{href:"#/wallet"},"Back to my wallet")))}Ze(e=>{e?(Ue(),location.hash="#/wallet"):(Me(),Ie(),location.hash!=="#/login"&&(location.hash="#/login"))});window.addEventListener("hashchange",_e);(async()=>{try{await et()}catch(e){x(document.getElementById("page"),t("p",{class:"error",testid:"page-error"},`Cannot reach Kassa at ${oe.http}: ${A(e)}`));return}te()&&Ue(),location.hash?_e():location.hash=te()?"#/wallet":"#/login"})();
